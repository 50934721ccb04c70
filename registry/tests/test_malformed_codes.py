"""Malformed codes (issue 9, "Bad input"): a USCC or filing number that no organization can have — in the URL of
an organization (API, public page, credit page) or in the public check — is answered with what is wrong with it
and the rule (USCC-CHECK, USCC-LENGTH, USCC-CHARSET, CODE-LENGTH), in Chinese and English; a well-formed code
that is simply unknown stays a 404 / "not found"."""

import pytest

from conftest import api_as
from registry.uscc import final_check_char, lookup_problems


def wrong_check(code: str) -> str:
    right = code[17]
    return code[:17] + ("0" if right != "0" else "1")


def cases(world):
    good = world.org_a.uscc
    return {
        "USCC-CHECK": wrong_check(good),
        "USCC-LENGTH": good[:17],
        "USCC-CHARSET": good[:5] + "O" + good[6:],
        "CODE-LENGTH": "9" * 40,
    }


def unknown_but_well_formed(world):
    first17 = world.org_a.uscc[:10] + "ABCDEFG"
    return first17 + final_check_char(first17)


def test_the_rule_behind_each_answer(world):
    for rule, code in cases(world).items():
        [problem] = lookup_problems(code)
        assert (problem.code, problem.field) == (rule, "code")
        assert problem.zh and problem.en and problem.zh != problem.en
    assert lookup_problems(unknown_but_well_formed(world)) == []
    assert lookup_problems("BA110101000099") == []  # filing numbers are not judged by the USCC rules
    assert lookup_problems("京民社备字001号") == []  # imported filing numbers are free text


def test_the_organization_api_names_the_broken_rule(world):
    api = api_as(None)
    for rule, code in cases(world).items():
        response = api.get(f"/api/v1/organizations/{code}/")
        assert response.status_code == 400, code
        [error] = response.json()["errors"]
        assert (error["code"], error["field"], error["value"]) == (rule, "code", code)
    response = api.get(f"/api/v1/organizations/{wrong_check(world.org_a.uscc)}/")
    assert "校验码错误" in response.json()["errors"][0]["message_zh"]
    assert "wrong check character" in response.json()["errors"][0]["message_en"]
    assert api.get(f"/api/v1/organizations/{unknown_but_well_formed(world)}/").status_code == 404
    assert api.get(f"/api/v1/organizations/{world.org_a.uscc.lower()}/").status_code == 200


@pytest.mark.parametrize("prefix", ["/org/", "/credit/org/"])
def test_the_public_pages_name_the_broken_rule(client, world, prefix):
    response = client.get(f"{prefix}{wrong_check(world.org_a.uscc)}/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "校验码错误" in html and "wrong check character" in html
    response = client.get(f"{prefix}{world.org_a.uscc[:16]}/")
    assert response.status_code == 400 and "应为18位" in response.content.decode()
    assert client.get(f"{prefix}{unknown_but_well_formed(world)}/").status_code == 404


def test_the_public_check_says_a_code_is_invalid_not_just_not_found(client, world):
    bad = wrong_check(world.org_a.uscc)
    body = api_as(None).get("/api/v1/public/check/", {"q": bad}).json()
    assert body["registered"] is False
    assert [e["rule"] for e in body["code_problems"]] == ["USCC-CHECK"]
    bulk = api_as(None).post("/api/v1/public/check/", {"queries": [bad, world.org_a.uscc, "测试"]},
                             format="json").json()
    assert [[e["rule"] for e in r["code_problems"]] for r in bulk["results"]] == [["USCC-CHECK"], [], []]
    html = client.get("/credit/check/", {"q": bad}).content.decode()
    assert "不是有效的统一社会信用代码" in html and "校验码错误" in html and "wrong check character" in html
    html = client.get("/credit/check/", {"q": unknown_but_well_formed(world)}).content.decode()
    assert "不是有效的统一社会信用代码" not in html
