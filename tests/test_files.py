"""The one file writer (imlib._files.write_file) and its users."""

from __future__ import annotations

import os
import stat

import pytest

import imlib
from imlib import _files
from imlib._files import umask_mode, write_file


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_bytes_and_text_exactly(tmp_path):
    target = write_file(tmp_path / "a" / "b.txt", "one\r\ntwo\n")
    assert target.read_bytes() == b"one\r\ntwo\n"
    write_file(tmp_path / "c.bin", b"\x00\xff")
    assert (tmp_path / "c.bin").read_bytes() == b"\x00\xff"


def test_refuses_to_overwrite_unless_asked(tmp_path):
    path = write_file(tmp_path / "x.txt", "first")
    with pytest.raises(FileExistsError, match=r"save_plan\(\): .* already exists"):
        write_file(path, "second", func="save_plan")
    assert path.read_text() == "first"
    write_file(path, "second", overwrite=True)
    assert path.read_text() == "second"
    with pytest.raises(IsADirectoryError):
        write_file(tmp_path, "x", overwrite=True)
    with pytest.raises(TypeError, match="bytes or str"):
        write_file(tmp_path / "y.txt", 3)


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_normal_permissions_follow_the_umask(tmp_path, mask):
    old = os.umask(mask)
    try:
        assert umask_mode() == 0o666 & ~mask
        path = write_file(tmp_path / f"m{mask:o}.txt", "x")
    finally:
        os.umask(old)
    assert _mode(path) == 0o666 & ~mask  # not mkstemp's 0o600


def test_asked_mode_wins(tmp_path):
    path = write_file(tmp_path / "private.txt", "x", mode=0o600)
    assert _mode(path) == 0o600


def test_crash_before_rename_leaves_old_file_whole_and_no_temp(tmp_path, monkeypatch):
    path = write_file(tmp_path / "data.csv", "old,complete\n")

    def crash(src, dst):
        raise OSError("power cut")

    monkeypatch.setattr(_files.os, "replace", crash)
    with pytest.raises(OSError, match="power cut"):
        write_file(path, "new,but,never,finished\n", overwrite=True)
    assert path.read_text() == "old,complete\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv"]
    with pytest.raises(OSError):
        write_file(tmp_path / "fresh.csv", "x")
    assert not (tmp_path / "fresh.csv").exists()  # absent, never half written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv"]


def test_file_and_folder_are_fsynced(tmp_path, monkeypatch):
    synced = []
    real = os.fsync
    monkeypatch.setattr(_files.os, "fsync", lambda fd: synced.append(fd) or real(fd))
    write_file(tmp_path / "f.txt", "x")
    assert len(synced) == 2  # the file, then its folder


def test_write_datasets_uses_the_writer(tmp_path, monkeypatch):
    calls = []
    real = _files.write_file

    def spy(path, data, **kwargs):
        calls.append(kwargs.get("func"))
        return real(path, data, **kwargs)

    monkeypatch.setattr("imlib.datasets.write_file", spy)
    from imlib.datasets import write_datasets

    write_datasets(tmp_path, seed=3)
    assert calls and set(calls) == {"write_datasets"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_save_plan_uses_the_writer_with_normal_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        path = imlib.save_plan(imlib.example_plan(), tmp_path / "p.json")
    finally:
        os.umask(old)
    assert _mode(path) == 0o644
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
