"""Hostile input never breaks a page: no 500, and nothing a visitor sends comes back unescaped."""

import pytest
from django.core.exceptions import ValidationError

from guides.checker import Verdict, check_number
from guides.models import OfficialContact

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


@pytest.mark.parametrize("typed", ["www.[x", "http://]globe.com.ph", "https://[::1", "a.com]/x"])
def test_number_checker_calls_a_malformed_web_address_invalid(db, typed):
    assert check_number(typed).verdict == Verdict.INVALID


@pytest.mark.parametrize("typed", ["www.[x", "http://]globe.com.ph"])
def test_number_check_page_survives_a_malformed_web_address(client, db, typed):
    response = client.get("/en/check/", {"number": typed})
    assert response.status_code == 200


def test_malformed_contact_web_address_is_a_form_error_not_a_crash(make_operator):
    contact = OfficialContact(
        operator=make_operator(),
        kind=OfficialContact.Kind.WEBSITE,
        value="https://[globe.com.ph",
        purpose_zh_hans="官网",
        source_url="https://www.globe.com.ph/",
    )
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "value" in error.value.message_dict


@pytest.mark.parametrize("origin", ["http://[testserver", "http://testserver]", "http://[::1"])
def test_feedback_with_a_malformed_origin_is_refused(client, make_guide, origin):
    guide = make_guide()
    response = client.post(
        f"/en/guides/{guide.slug}/feedback/", {"kind": "helpful"}, HTTP_ORIGIN=origin
    )
    assert response.status_code == 403
