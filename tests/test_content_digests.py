"""A file's digest is remembered only while the file is as it was: a rewrite is seen even when
it keeps the size and the mtime (the ctime moves), and a new file at the path is a new inode."""

from __future__ import annotations

import hashlib
import os

from domain.content_digests import content_digest


def test_a_rewrite_of_the_same_size_and_mtime_is_digested_again(tmp_path):
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(b"A" * 1000)
    first = content_digest(photo)
    assert first == hashlib.sha256(b"A" * 1000).hexdigest() and content_digest(photo) == first
    status = os.stat(photo)
    photo.write_bytes(b"B" * 1000)
    os.utime(photo, ns=(status.st_atime_ns, status.st_mtime_ns))  # an editor's tool that keeps the mtime
    assert content_digest(photo) == hashlib.sha256(b"B" * 1000).hexdigest()


def test_a_file_replaced_by_a_rename_is_digested_again(tmp_path):
    photo, new = tmp_path / "anh.jpg", tmp_path / "moi.jpg"
    photo.write_bytes(b"cu")
    assert content_digest(photo) == hashlib.sha256(b"cu").hexdigest()
    new.write_bytes(b"mo")
    os.replace(new, photo)
    assert content_digest(photo) == hashlib.sha256(b"mo").hexdigest()
