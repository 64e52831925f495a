"""Key rotation's pieces (docs/operations/key-rotation.md): the master key ring, the JWT
overlap, the `mtf keys` lines and env file edits. The round trips over HTTP are in
tests/integration/test_key_rotation_http.py."""

from __future__ import annotations

import time
from pathlib import Path

import jwt
import pytest
from cryptography.exceptions import InvalidTag

from mtf.cli import main
from mtf.kernel.auth import issue_access_token, verify_bearer
from mtf.kernel.crypto import MasterKey, UnknownMasterKey, open_json, seal_json
from mtf.kernel.errors import Unauthorized
from mtf.kernel.service_keys import ServiceKeys
from mtf.platform.key_rotation import (
    RotationRefused,
    finish_lines,
    next_lines,
    read_env_file,
    write_env_file,
)

OLD, NEW = "old-master-key-" + "o" * 32, "new-master-key-" + "n" * 32


def test_a_data_key_rewrapped_under_the_new_master_key_still_opens_what_it_sealed() -> None:
    old = MasterKey(OLD)
    wrapped = old.new_wrapped_data_key("client:1")
    sealed = seal_json(old.unwrap(wrapped, "client:1", old.key_id), {"cin": "AB1"}, "client:1")

    ring = MasterKey(NEW, previous=OLD)
    assert ring.previous_id == old.key_id and ring.key_id != old.key_id
    moved = ring.rewrap(wrapped, "client:1", old.key_id)
    assert moved != wrapped
    # the same data key: the sealed data opens with it, under the new key alone
    alone = MasterKey(NEW)
    assert open_json(alone.unwrap(moved, "client:1", alone.key_id), sealed, "client:1") == {
        "cin": "AB1"
    }
    # a key id names the key, not its text: the same key gives the same id, and no other
    assert MasterKey(OLD).key_id == old.key_id and len(old.key_id) == 16
    assert OLD not in old.key_id


def test_a_data_key_of_a_master_key_not_held_is_an_error_that_says_which() -> None:
    old = MasterKey(OLD)
    wrapped = old.new_wrapped_data_key("client:2")
    with pytest.raises(UnknownMasterKey, match=old.key_id):
        MasterKey(NEW).unwrap(wrapped, "client:2", old.key_id)
    # stored before the ids were kept: the current key is tried, then the previous one
    assert MasterKey(NEW, previous=OLD).unwrap(wrapped, "client:2", None)
    with pytest.raises(InvalidTag):
        MasterKey(NEW).unwrap(wrapped, "client:2", None)
    # a previous key equal to the current one is no second key
    assert MasterKey(OLD, previous=OLD).previous_id is None


def test_a_token_of_the_previous_jwt_secret_passes_only_while_it_is_set() -> None:
    old, new = "jwt-old-" + "a" * 32, "jwt-new-" + "b" * 32
    token = issue_access_token(old, subject="s", username="u", permissions=["x"], ttl_seconds=60)
    header = f"Bearer {token}"
    assert verify_bearer(header, jwt_secret=new, jwt_previous=old).name == "u"
    with pytest.raises(Unauthorized, match="not valid"):
        verify_bearer(header, jwt_secret=new)
    # an expired token of the previous secret says it expired (sign in again)
    expired = jwt.encode(
        {
            "iss": "mt-facturation",
            "aud": "mtf-api",
            "sub": "s",
            "kind": "access",
            "iat": int(time.time()) - 120,
            "exp": int(time.time()) - 60,
        },
        old,
        algorithm="HS256",
    )
    with pytest.raises(Unauthorized, match="expired"):
        verify_bearer(f"Bearer {expired}", jwt_secret=new, jwt_previous=old)


def test_next_refuses_a_second_rotation_before_the_first_ends() -> None:
    with pytest.raises(RotationRefused, match="finish jwt"):
        next_lines("jwt", {"MTF_JWT_SECRET": "a" * 40, "MTF_JWT_SECRET_PREVIOUS": "b" * 40})
    with pytest.raises(RotationRefused, match="not set"):
        next_lines("pii", {})
    with pytest.raises(RotationRefused, match="not a service"):
        next_lines("service", ServiceKeys.generate().env(), ("nobody",))
    keys = ServiceKeys.generate()
    lines = next_lines("service", keys.env(), ("billing",))
    assert set(lines) == {
        "MTF_SERVICE_KEY_BILLING",
        "MTF_SERVICE_PUBLIC_KEY_BILLING",
        "MTF_SERVICE_PUBLIC_KEY_BILLING_PREVIOUS",
    }
    assert (
        lines["MTF_SERVICE_PUBLIC_KEY_BILLING_PREVIOUS"]
        == keys.env()["MTF_SERVICE_PUBLIC_KEY_BILLING"]
    )
    assert finish_lines("service", {}, ("billing",)) == {
        "MTF_SERVICE_PUBLIC_KEY_BILLING_PREVIOUS": None
    }


def test_an_env_file_is_changed_in_place(tmp_path: Path) -> None:
    env = tmp_path / "secrets.env"
    env.write_text("# local\nMTF_JWT_SECRET=one\nMTF_PII_KEY=two\n")
    write_env_file(env, {"MTF_JWT_SECRET": "three", "MTF_JWT_SECRET_PREVIOUS": "one"})
    assert env.read_text() == (
        "# local\nMTF_JWT_SECRET=three\nMTF_PII_KEY=two\nMTF_JWT_SECRET_PREVIOUS=one\n"
    )
    assert env.stat().st_mode & 0o777 == 0o600
    write_env_file(env, {"MTF_JWT_SECRET_PREVIOUS": None})
    assert read_env_file(env) == {"MTF_JWT_SECRET": "three", "MTF_PII_KEY": "two"}


def test_mtf_keys_keeps_printing_pairs_and_rotates_through_an_env_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "gateway"]) == 0  # as before: a pair for the services named
    assert main(["keys", "new", "billing"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert [line.split("=")[0] for line in printed] == [
        "MTF_SERVICE_KEY_GATEWAY",
        "MTF_SERVICE_PUBLIC_KEY_GATEWAY",
        "MTF_SERVICE_KEY_BILLING",
        "MTF_SERVICE_PUBLIC_KEY_BILLING",
    ]
    assert main(["keys", "nobody"]) == 2

    env = tmp_path / "secrets.env"
    env.write_text("MTF_JWT_SECRET=" + "s" * 48 + "\n")
    assert main(["keys", "next", "jwt", "--env-file", str(env)]) == 0
    values = read_env_file(env)
    assert values["MTF_JWT_SECRET_PREVIOUS"] == "s" * 48
    assert len(values["MTF_JWT_SECRET"]) >= 48 and values["MTF_JWT_SECRET"] != "s" * 48
    assert main(["keys", "next", "jwt", "--env-file", str(env)]) == 1  # one at a time
    assert "finish jwt" in capsys.readouterr().err
    assert main(["keys", "finish", "jwt", "--env-file", str(env)]) == 0
    assert set(read_env_file(env)) == {"MTF_JWT_SECRET"}


def test_every_command_of_the_runbook_exists() -> None:
    """docs/operations/key-rotation.md gives only commands `mtf` accepts, and its `mtf keys`
    lines name actions and kinds that exist (argparse alone takes any words there)."""
    import shlex

    from mtf.cli import KEYS_USAGE, build_parser
    from tests.e2e.runbooks import every_mtf_command

    parser = build_parser()
    commands = [(c, whole) for f, c, whole in every_mtf_command() if f == "key-rotation.md"]
    assert len([c for c, whole in commands if c.startswith("mtf keys")]) >= 15
    for command, whole in commands:
        argv = shlex.split(command)[1:]
        if whole:
            parser.parse_args(argv)
        if argv[0] == "keys":
            words = [w for w in argv[1:] if not w.startswith("-")][:2] or ["new"]
            assert words[0] in ("new", "next", "rotate", "finish"), command
            if words[0] != "new":
                assert len(words) == 2 and words[1] in ("jwt", "pii", "service", "KIND"), command
                assert words[0] != "rotate" or words[1] == "pii", command
                assert f"keys {words[0]}" in KEYS_USAGE
