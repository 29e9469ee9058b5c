"""The public page types every browser check visits, in both languages."""

LANGUAGES = ["zh-hans", "en"]

PAGE_TYPES = {
    "home": "/{lang}/",
    "guide list": "/{lang}/guides/",
    "guide list, filtered": "/{lang}/guides/?operator=globe&operator=nope&channel=gcash&q=load",
    "search, nothing found": "/{lang}/guides/?q=globbe+hamster",
    "search, some words": "/{lang}/guides/?q=csl+GCash",
    "search, a number": "/{lang}/guides/?q=10086",
    "guide list, abroad": "/{lang}/guides/?abroad=1&operator=smart",
    "guide": "/{lang}/guides/gcash-load-globe/",
    "guide, from abroad": "/{lang}/guides/smart-reload-while-roaming/",
    "operators": "/{lang}/operators/",
    "operator": "/{lang}/operators/china-mobile/",
    "operator, keep your number": "/{lang}/operators/smart/",
    "channel": "/{lang}/channels/hotline/",
    "safety": "/{lang}/safety/",
    "keep your number": "/{lang}/keep-your-number/",
    "didn't arrive, the form": "/{lang}/not-arrived/",
    "didn't arrive, a route": "/{lang}/not-arrived/?operator=globe&channel=gcash",
    "didn't arrive, unknown choice": "/{lang}/not-arrived/?operator=nope&channel=gcash",
    "number checker, official": "/{lang}/check/?number=10086",
    "number checker, look-alike": "/{lang}/check/?number=10086-pay.com",
    "number checker, unknown": "/{lang}/check/?number=%2B1+555+0100",
    "number checker, secondary source": "/{lang}/check/?number=*888",
    "number checker, authority": "/{lang}/check/?number=110",
    "number checker, reported scam": "/{lang}/check/?number=alipayhk.ceaws.com",
    "feedback form": "/{lang}/guides/gcash-load-globe/feedback/",
    "feedback thanks": "/{lang}/guides/gcash-load-globe/feedback/thanks/",
    "feedback thanks, did not arrive": "/{lang}/guides/gcash-load-smart/feedback/thanks/"
    "did_not_arrive/",
    "feedback thanks, not helpful": "/{lang}/guides/gcash-load-smart/feedback/thanks/"
    "not_helpful/ref/",
    "not found": "/{lang}/guides/no-such-guide/",
}


def every_page():
    return [
        pytest_param(name, lang, path.format(lang=lang))
        for name, path in PAGE_TYPES.items()
        for lang in LANGUAGES
    ]


def pytest_param(name, lang, path):
    import pytest

    return pytest.param(path, id=f"{name} [{lang}]")
