"""The Zalo token store for CI: one encrypted file per OA on a bot branch, every swap pushed at once.

A CI runner keeps nothing: the pair a refresh answers must be somewhere that
outlives it before the poster sends anything else.  So each `swap` is a commit
on the branch (`<oa id>.json.enc` replaced, the other OAs' files kept) pushed
right away as a child of the head it read.  A push that is not a fast-forward
is refused by the remote: that refusal is the compare-and-swap.  After a
refused or unanswered push the branch is read again: our own commit there
means the push went through; the OA's generation moved means a stale write;
anything else (another OA's record written meanwhile) is tried again, a few
times.

The files are encrypted with the store key (`ZALO_STORE_KEY`) by `openssl enc
-aes-256-cbc -pbkdf2` (the key reaches openssl through its environment, never
its arguments) and authenticated with an HMAC-SHA256 over the ciphertext, so a
file edited on the branch by anyone without the key is refused, not used.
Git runs in the repository of the working directory (the workflow's checkout,
whose remote credentials it uses); only `refs/social-store/*` and objects are
written there, never the work tree.  The branch is fetched with `--depth 1`
(CI checkouts are shallow anyway, and the branch grows by two commits a refresh):
in a full local clone this marks that one commit shallow, nothing else.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import subprocess
from pathlib import Path

from .tokenstore import StaleWrite, StoreError, TokenRecord, dump_record, oa_file_name, parse_record

KEY_VARIABLE = "ZALO_STORE_KEY"
MAGIC = b"ZTS1"
SUFFIX = ".json.enc"
ATTEMPTS = 4
_CREDENTIALS = re.compile(r"://[^/@\s]+@")
BOT = {"GIT_AUTHOR_NAME": "social-bot", "GIT_AUTHOR_EMAIL": "social-bot@users.noreply.github.com",
       "GIT_COMMITTER_NAME": "social-bot", "GIT_COMMITTER_EMAIL": "social-bot@users.noreply.github.com"}


def parse_spec(spec: str) -> tuple[str, str] | None:
    """`git:<remote>#<branch>` -> (remote, branch); None for anything else (a folder)."""
    if not spec.startswith("git:"):
        return None
    remote, _, branch = spec[4:].partition("#")
    if not remote or remote.startswith("-") or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._/-]*", branch) or ".." in branch:
        raise ValueError(spec)
    return remote, branch


class GitBranchStore:
    def __init__(self, remote: str, branch: str, key: str, *, repository: Path | None = None,
                 timeout: float = 60.0):
        if len(key) < 16:
            raise StoreError(f"{KEY_VARIABLE} quá ngắn (cần ít nhất 16 ký tự)")
        self.remote, self.branch, self.timeout = remote, branch, timeout
        self.repository = repository or Path.cwd()
        self._key = key
        self._mac_key = hashlib.pbkdf2_hmac("sha256", key.encode("utf-8"), b"zalo-token-store-mac", 200_000)
        self._local = f"refs/social-store/{branch}"
        self._head: str | None = None
        self._read_once = False

    # -- git ---------------------------------------------------------------
    def _git(self, *args: str, data: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", **{k: os.environ.get(k) or v for k, v in BOT.items()}}
        try:
            done = subprocess.run(["git", "-C", str(self.repository), *args], input=data, capture_output=True,
                                  env=env, timeout=self.timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise StoreError(f"kho mã {self._where()}: git {args[0]} không chạy được ({type(error).__name__})") from None
        if check and done.returncode != 0:
            raise StoreError(f"kho mã {self._where()}: git {args[0]} lỗi: {self._last_line(done.stderr)}")
        return done

    def _where(self) -> str:
        return f"{_CREDENTIALS.sub('://', self.remote)}#{self.branch}"

    @staticmethod
    def _last_line(stderr: bytes) -> str:
        lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        return _CREDENTIALS.sub("://<hidden>@", lines[-1].strip()) if lines else "không rõ"

    def _fetch(self) -> str | None:
        """The branch's head on the remote now (None: no branch yet)."""
        fetched = self._git("fetch", "--quiet", "--no-tags", "--depth", "1", self.remote,
                            f"+refs/heads/{self.branch}:{self._local}", check=False)
        if fetched.returncode != 0:
            listed = self._git("ls-remote", "--heads", self.remote, f"refs/heads/{self.branch}")
            if listed.stdout.strip():
                raise StoreError(f"kho mã {self._where()}: không đọc được nhánh: {self._last_line(fetched.stderr)}")
            self._head = None
        else:
            self._head = self._git("rev-parse", "--verify", f"{self._local}^{{commit}}").stdout.decode().strip()
        self._read_once = True
        return self._head

    def _files(self, head: str | None) -> dict[str, str]:
        if head is None:
            return {}
        listing = self._git("ls-tree", "-z", head).stdout.decode("utf-8")
        files = {}
        for entry in filter(None, listing.split("\0")):
            meta, name = entry.split("\t", 1)
            files[name] = meta.split()[2]
        return files

    # -- the file ----------------------------------------------------------
    def _openssl(self, *args: str, data: bytes) -> bytes:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), KEY_VARIABLE: self._key}
        try:
            done = subprocess.run(["openssl", "enc", "-aes-256-cbc", "-pbkdf2", *args, "-pass", f"env:{KEY_VARIABLE}"],
                                  input=data, capture_output=True, env=env, timeout=self.timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise StoreError(f"kho mã: openssl không chạy được ({type(error).__name__})") from None
        if done.returncode != 0:
            raise StoreError("kho mã: openssl không mã hoá/giải mã được")
        return done.stdout

    def _seal(self, plain: bytes) -> bytes:
        cipher = self._openssl("-salt", data=plain)
        return MAGIC + hmac.new(self._mac_key, cipher, "sha256").digest() + cipher

    def _open(self, sealed: bytes, name: str) -> bytes:
        mac, cipher = sealed[len(MAGIC):len(MAGIC) + 32], sealed[len(MAGIC) + 32:]
        if not sealed.startswith(MAGIC) or not hmac.compare_digest(mac, hmac.new(self._mac_key, cipher,
                                                                                   "sha256").digest()):
            raise StoreError(f"kho mã {self._where()}: {name} không khớp khoá {KEY_VARIABLE} "
                             "(khoá đã đổi, hoặc tệp bị sửa ngoài chương trình)")
        return self._openssl("-d", data=cipher)

    def _record(self, files: dict[str, str], oa_id: str) -> tuple[int, TokenRecord] | None:
        name = oa_file_name(oa_id, SUFFIX)
        if name not in files:
            return None
        plain = self._open(self._git("cat-file", "blob", files[name]).stdout, name)
        try:
            return parse_record(plain)
        except ValueError:
            raise StoreError(f"kho mã {self._where()}: {name} không đọc được") from None

    # -- TokenStore --------------------------------------------------------
    def load(self, oa_id: str) -> tuple[int, TokenRecord] | None:
        """The OA's record at the branch head (read from the remote once per run, then our own pushes)."""
        head = self._head if self._read_once else self._fetch()
        return self._record(self._files(head), oa_id)

    def swap(self, oa_id: str, expected: int, record: TokenRecord) -> int:
        """Push `record` as generation expected+1 in a child of the head; StaleWrite if the OA moved on."""
        name = oa_file_name(oa_id, SUFFIX)
        head = self._head if self._read_once else self._fetch()
        failure = ""
        for _ in range(ATTEMPTS):
            files = self._files(head)
            current = self._record(files, oa_id)
            if (current[0] if current else 0) != expected:
                raise StaleWrite(f"kho mã {self._where()}: mã Zalo của OA {oa_id} đã được lần chạy khác làm mới")
            files[name] = self._git("hash-object", "-w", "--stdin",
                                    data=self._seal(dump_record(expected + 1, record))).stdout.decode().strip()
            tree = self._git("mktree", "-z", data="".join(
                f"100644 blob {sha}\t{file}\0" for file, sha in sorted(files.items())).encode("utf-8"))
            parents = ["-p", head] if head else []
            commit = self._git("commit-tree", tree.stdout.decode().strip(), *parents,
                               "-m", f"Zalo OA {oa_id}: generation {expected + 1}").stdout.decode().strip()
            pushed = self._git("push", "--quiet", "--porcelain", self.remote, f"{commit}:refs/heads/{self.branch}",
                               check=False)
            if pushed.returncode == 0:
                self._head = commit
                return expected + 1
            failure = self._last_line(pushed.stderr + pushed.stdout)
            head = self._fetch()  # refused (someone pushed) or unanswered (did ours land?)
            if head == commit:
                return expected + 1
        raise StoreError(f"kho mã {self._where()}: không đẩy được lên nhánh sau {ATTEMPTS} lần ({failure})")
