"""Find active content in an HTML page: what a browser would run, or what CSP would block.

Parses the page the way a browser tokenises it, so escaped text (`&lt;script&gt;`) is text and
only real elements and attributes count.
"""

from html.parser import HTMLParser

ACTIVE_ELEMENTS = {"script", "style", "iframe", "frame", "object", "embed", "applet", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href"}
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
INERT_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def is_same_origin_path(url):
    return url.startswith("/") and not url.startswith("//")


class ActiveContentFinder(HTMLParser):
    def __init__(self, allow_own_scripts=False):
        super().__init__(convert_charrefs=True)
        self.allow_own_scripts = allow_own_scripts
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            src = attrs.get("src")
            if attrs.get("type") in INERT_SCRIPT_TYPES and not src:
                pass
            elif not (self.allow_own_scripts and src and is_same_origin_path(src)):
                self.problems.append(f"<script {attrs}>")
        elif tag in ACTIVE_ELEMENTS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            elif name == "style":
                self.problems.append(f"<{tag} style=…>")
            elif name in URL_ATTRIBUTES and value:
                url = "".join(value.split()).lower()
                has_scheme = ":" in url.split("/", 1)[0]
                if has_scheme and not url.startswith(SAFE_SCHEMES):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        stylesheet = attrs.get("href") if tag == "link" and attrs.get("rel") == "stylesheet" else ""
        if stylesheet and not is_same_origin_path(stylesheet):
            self.problems.append(f"<link stylesheet {stylesheet!r}>")


def active_content(html, allow_own_scripts=False):
    """What in `html` would run code, load from elsewhere, or be blocked by our CSP."""
    finder = ActiveContentFinder(allow_own_scripts=allow_own_scripts)
    finder.feed(html)
    finder.close()
    return finder.problems
