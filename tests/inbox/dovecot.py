"""A private dovecot IMAP server for the tests: its own config, certificate, users and Maildirs in a
temp dir, listening on two free ports of 127.0.0.1 (implicit TLS, and plain with STARTTLS).
Clients call it `localhost`, the one name on its certificate (so "127.0.0.1" is a name mismatch).

It runs as the current user, root in CI, and never touches the system's dovecot (/etc/dovecot is
not read: the config written here is the whole config).
"""

import contextlib
import grp
import imaplib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

HOST = "127.0.0.1"  # where it listens
NAME = "localhost"  # what its certificate says, so what clients connect to


def find_dovecot() -> str | None:
    # Debian puts it in /usr/sbin, which is not on a normal user's PATH.
    return shutil.which("dovecot", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")


def free_ports(count: int) -> list[int]:
    """Ports nothing listens on, all different: the sockets are held open together while choosing."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind((HOST, 0))
        return [sock.getsockname()[1] for sock in sockets]


class Dovecot:
    """One dovecot instance. `with Dovecot() as server:` starts it and removes every trace afterwards."""

    def __init__(self):
        self.program = find_dovecot()
        self.dir = Path(tempfile.mkdtemp(prefix="rebound-dovecot-"))
        self.host = NAME
        self.plain_port, self.tls_port = free_ports(2)
        self.cafile = self.dir / "ca.pem"
        self.log_file = self.dir / "dovecot.log"
        self.users_dir = self.dir / "users"
        self.users: dict[str, str] = {}
        self.process: subprocess.Popen | None = None
        # Dovecot never reads mail as root ("Mail access not allowed for root"): as root, the
        # mailboxes belong to `nobody`, and the temp dir lets it through (but not list or read).
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            self.mail_uid, self.mail_gid = nobody.pw_uid, nobody.pw_gid
            self.dir.chmod(0o711)
        else:
            self.mail_uid, self.mail_gid = os.geteuid(), os.getegid()
        try:
            self._own(self.dir / "mail", mkdir=True)
            self.users_dir.mkdir(mode=0o700)
            self._make_certificate()
            self._write_config()
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.cleanup()
            raise
        return self

    def __exit__(self, *exc):
        self.cleanup()

    # Setup -------------------------------------------------------------------------------------

    def _make_certificate(self):
        """A throwaway CA, and a server certificate it signed for `localhost`."""
        d = self.dir
        ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        (d / "server.ext").write_text(
            "basicConstraints = critical, CA:FALSE\n"
            "keyUsage = critical, digitalSignature\n"
            "extendedKeyUsage = serverAuth\n"
            f"subjectAltName = DNS:{NAME}\n"
        )
        commands = [
            ["openssl", "req", "-x509", *ec, "-keyout", d / "ca.key", "-out", self.cafile, "-days", "2",
             "-subj", "/CN=Rebound test CA"],
            ["openssl", "req", *ec, "-keyout", d / "server.key", "-out", d / "server.csr", "-subj", f"/CN={NAME}"],
            ["openssl", "x509", "-req", "-in", d / "server.csr", "-CA", self.cafile, "-CAkey", d / "ca.key",
             "-CAcreateserial", "-days", "2", "-extfile", d / "server.ext", "-out", d / "server.pem"],
        ]  # fmt: skip
        for command in commands:
            subprocess.run(command, check=True, capture_output=True, timeout=30)
        for key in ("ca.key", "server.key"):
            (d / key).chmod(0o600)

    def _write_config(self):
        d = self.dir
        if os.geteuid() == 0:
            # The login processes refuse root and keep dovecot's own unprivileged `dovenull` (made by
            # the Debian package). Auth runs as root so it can read the users' files in our private dir.
            users = "default_internal_user = root\n"
        else:
            # An ordinary user can neither switch users nor chroot: everything runs as that user.
            name, group = pwd.getpwuid(os.geteuid()).pw_name, grp.getgrgid(os.getegid()).gr_name
            users = (
                f"default_internal_user = {name}\ndefault_internal_group = {group}\ndefault_login_user = {name}\n"
                "service imap-login {\n  chroot =\n}\nservice anvil {\n  chroot =\n}\n"
            )
        config = f"""\
# Written by tests/inbox/dovecot.py for one test run.
protocols = imap
listen = {HOST}
instance_name = rebound-test-{self.plain_port}
base_dir = {d}/run
state_dir = {d}/state
log_path = {self.log_file}
{users}
mail_uid = {self.mail_uid}
mail_gid = {self.mail_gid}
first_valid_uid = {self.mail_uid}
first_valid_gid = {self.mail_gid}
mail_location = maildir:{d}/mail/%u

ssl = yes
ssl_cert = <{d}/server.pem
ssl_key = <{d}/server.key
ssl_min_protocol = TLSv1.2
# The plain port must take a password after STARTTLS, and (for a test's own sessions) without it.
disable_plaintext_auth = no
auth_mechanisms = plain login
# No two-second pause after a wrong password: the tests try one on purpose.
auth_failure_delay = 0

passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.users_dir}/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {self.users_dir}/%u
}}

service imap-login {{
  inet_listener imap {{
    port = {self.plain_port}
  }}
  inet_listener imaps {{
    port = {self.tls_port}
    ssl = yes
  }}
}}
"""
        self.config = d / "dovecot.conf"
        self.config.write_text(config)

    def add_user(self, user: str, password: str):
        """A mailbox that can log in from now on.

        One passwd-file per user (the path in the config ends in %u): dovecot stats a passwd-file
        at most once a second, so a user added to a shared file right after a login would be
        unknown for up to a second; a file it has never opened is read at the first lookup.
        """
        assert re.fullmatch(r"\w[\w.@-]*", user) and not set(password) & set(":\n"), "not a passwd-file line"
        self.users[user] = password
        (self.users_dir / user).write_text(f"{user}:{{PLAIN}}{password}::::::\n", encoding="utf-8")

    # Running -----------------------------------------------------------------------------------

    def start(self, timeout: float = 10.0):
        assert self.process is None, "already running"
        with (self.dir / "stdout.log").open("ab") as output:  # where it complains before its log is open
            self.process = subprocess.Popen(
                [self.program, "-F", "-c", str(self.config)],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so stop() takes the children too
            )
        deadline = time.monotonic() + timeout
        while not self._greets():
            if self.process.poll() is not None or time.monotonic() > deadline:
                exited = self.process.poll()
                self.stop()
                why = f"exited with status {exited}" if exited is not None else f"did not answer within {timeout}s"
                raise RuntimeError(f"dovecot {why} on {HOST}:{self.plain_port}.\n{self.log()}")
            time.sleep(0.02)

    def _greets(self) -> bool:
        try:
            with socket.create_connection((HOST, self.plain_port), timeout=1) as sock:
                return sock.recv(100).startswith(b"* OK")
        except OSError:
            return False

    def _answers(self) -> bool:
        for port in (self.plain_port, self.tls_port):
            with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
                return True
        return False

    def stop(self):
        """Stop dovecot and every process it started; on return neither port accepts connections.

        SIGKILL to the whole group, as in a crash: a SIGTERM'd master takes a second to wind down,
        and the tests want a server that is simply gone.
        """
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None
        deadline = time.monotonic() + 10
        while self._answers():
            assert time.monotonic() < deadline, f"dovecot's ports still answer after stopping.\n{self.log()}"
            time.sleep(0.02)

    def restart(self):
        self.stop()
        self.start()

    def cleanup(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    def log(self) -> str:
        parts = [path.read_text(errors="replace") for path in (self.log_file, self.dir / "stdout.log") if path.exists()]
        return "dovecot log:\n" + "".join(parts) if parts else "(dovecot wrote no log)"

    # Mail --------------------------------------------------------------------------------------

    def maildir(self, user: str, folder: str = "INBOX") -> Path:
        """`folder` as the server names it (modified UTF-7 for non-ASCII names); Maildir++ layout."""
        root = self.dir / "mail" / user
        return root if folder == "INBOX" else root / f".{folder}"

    def deliver(self, user: str, raw: bytes, folder: str = "INBOX", *, received: datetime | None = None) -> Path:
        """What a delivery agent does: write into tmp/, then rename into new/, where dovecot looks."""
        box = self.maildir(user, folder)
        for path in (box.parent, box, box / "tmp", box / "new", box / "cur"):
            self._own(path, mkdir=True)
        name = f"{time.time_ns()}.{uuid.uuid4().hex}.rebound-test"
        (box / "tmp" / name).write_bytes(raw)
        self._own(box / "tmp" / name)
        if received:  # the file's mtime is the message's internal date, which SEARCH SINCE looks at
            os.utime(box / "tmp" / name, (received.timestamp(), received.timestamp()))
        os.rename(box / "tmp" / name, box / "new" / name)
        return box / "new" / name

    def _own(self, path: Path, *, mkdir: bool = False):
        """Hand `path` to the mail user, as a delivery agent running as that user would have made it."""
        if mkdir:
            path.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            os.chown(path, self.mail_uid, self.mail_gid)

    def files(self, user: str, folder: str = "INBOX") -> list[str]:
        """The message files on disk, as "new/name" or "cur/name:2,FLAGS"."""
        box = self.maildir(user, folder)
        return sorted(f"{sub}/{path.name}" for sub in ("new", "cur") for path in (box / sub).glob("*"))

    def reset_uidvalidity(self, user: str, folder: str = "INBOX") -> int:
        """Make dovecot number the folder's messages afresh, as after a server migration or a rebuilt index.

        Dovecot keeps the UIDs in dovecot-uidlist and copies in the folder's index and the mailbox
        list index: deleting only the uidlist is not enough (it is rebuilt from the index with the
        old UIDVALIDITY). With all three gone, the next session that opens the folder gives it a new
        UIDVALIDITY (higher than any before, see dovecot-uidvalidity) and UIDs from 1. Safe while
        running as long as no session has the folder open. Returns the new UIDVALIDITY.
        """
        before = self.status(user, folder)["UIDVALIDITY"]
        box, root = self.maildir(user, folder), self.maildir(user)
        for path in [*box.glob("dovecot-uidlist*"), *box.glob("dovecot.index*"), *root.glob("dovecot.list.index*")]:
            path.unlink()
        after = self.status(user, folder)["UIDVALIDITY"]
        assert after != before, f"UIDVALIDITY stayed {before} after deleting dovecot's UID lists"
        return after

    # An independent look at the server (plain imaplib, not the client under test) ----------------

    @contextlib.contextmanager
    def session(self, user: str, folder: str = "INBOX"):
        conn = imaplib.IMAP4(HOST, self.plain_port, timeout=10)
        try:
            conn.login(user, self.users[user])
            typ, data = conn.select(f'"{folder}"', readonly=True)
            assert typ == "OK", data
            yield conn
        finally:
            with contextlib.suppress(Exception):
                conn.logout()

    def status(self, user: str, folder: str = "INBOX") -> dict[str, int]:
        conn = imaplib.IMAP4(HOST, self.plain_port, timeout=10)
        try:
            conn.login(user, self.users[user])
            typ, data = conn.status(f'"{folder}"', "(MESSAGES UIDNEXT UIDVALIDITY)")
            assert typ == "OK", data
            return {key.decode(): int(value) for key, value in re.findall(rb"(\w+) (\d+)", data[0].split(b"(", 1)[1])}
        finally:
            with contextlib.suppress(Exception):
                conn.logout()

    def flags(self, user: str, folder: str = "INBOX") -> dict[int, str]:
        """UID → the message's flags, read in a read-only session."""
        with self.session(user, folder) as conn:
            typ, data = conn.uid("FETCH", "1:*", "(FLAGS)")
            assert typ == "OK", data
            lines = [line for line in data if isinstance(line, bytes)]  # [None] when the folder is empty
            return {
                int(re.search(rb"UID (\d+)", line)[1]): re.search(rb"FLAGS \(([^)]*)\)", line)[1].decode()
                for line in lines
            }
