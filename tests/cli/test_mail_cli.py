"""`openbook mail`: a write queues, `send-outbox` sends once through a real SMTP server,
`status` counts and lists dead letters for administrators, `retry` puts them back."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from openbook.cli import app
from tests.cli.conftest import as_user
from tests.smtp import smtp_server

runner = CliRunner()


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def status(env: dict[str, str]) -> dict[str, object]:
    code, out, _ = run(env, "mail", "status", "--format", "json")
    assert code == 0, out
    return dict(json.loads(out))


def test_a_write_queues_and_send_outbox_sends_once(demo_env: dict[str, str]) -> None:
    code, _, err = run(demo_env, "mail", "send-outbox")
    assert code == 2 and "OPENBOOK_SMTP_URL is not set" in err
    with smtp_server(reply="554 5.7.1 rejected") as refusing:
        viewer = {
            **as_user(demo_env, "rd3.viewer"),
            "OPENBOOK_SMTP_URL": refusing.url,
            "OPENBOOK_MAIL_MAX_ATTEMPTS": "1",
        }
        code, out, _ = run(
            viewer, "escalations", "raise", "--system", "QVV", "--title", "Line\nbreak",
            "--subject", "RD3", "--remit", "quality", "--year", "2018/19", "--month", "M6",
        )  # fmt: skip
        assert code == 0 and "in the outbox" in out
        queued = status(demo_env)["pending"]
        assert isinstance(queued, int) and queued > 0
        code, out, _ = run(viewer, "mail", "send-outbox")
        assert code == 1 and f"{queued} became dead letters" in out
    after = status(demo_env)
    assert after["dead"] == queued and after["pending"] == 0
    assert all("554" in str(e["last_error"]) for e in after["troubled"])  # type: ignore[attr-defined]
    code, out, err = run(as_user(demo_env, "rd3.viewer"), "mail", "status")
    assert code == 2 and "administrator" in err
    code, out, _ = run(demo_env, "mail", "retry", "--all")
    assert code == 0 and f"Put {queued} dead letter(s) back" in out
    with smtp_server() as server:
        code, out, _ = run({**demo_env, "OPENBOOK_SMTP_URL": server.url}, "mail", "send-outbox")
        assert code == 0 and f"Sent {queued} email(s)" in out
        assert len(server.received) == queued
        assert all("\n" not in m["Subject"] for m in server.messages())
    assert status(demo_env)["sent"] == queued
