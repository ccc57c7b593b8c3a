"""Fixtures for the e2e suite: one real control plane per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from e2e.controlplane import ControlPlane, start


@pytest.fixture(scope="session")
def control_plane(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ControlPlane]:
    """A started etcd + kube-apiserver, stopped by pid at the end of the session."""
    cp = start(tmp_path_factory.mktemp("controlplane"))
    try:
        yield cp
    finally:
        cp.stop()
