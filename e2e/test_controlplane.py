"""Smoke tests of the e2e control plane itself."""

from __future__ import annotations

import json
import time
import uuid

import pytest

from e2e.controlplane import ControlPlane, KubectlError

CRD = """
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.olapctl.dev
spec:
  group: example.olapctl.dev
  scope: Namespaced
  names:
    kind: Widget
    plural: widgets
    singular: widget
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [replicas]
              properties:
                replicas:
                  type: integer
              x-kubernetes-validations:
                - rule: "self.replicas <= 10"
                  message: "replicas must be at most 10"
"""

WIDGET = """
apiVersion: example.olapctl.dev/v1
kind: Widget
metadata:
  name: {name}
  namespace: default
spec:
  replicas: {replicas}
"""


def test_create_namespace(control_plane: ControlPlane) -> None:
    name = f"smoke-{uuid.uuid4().hex[:8]}"
    control_plane.kubectl("create", "namespace", name)
    out = control_plane.kubectl("get", "ns", "-o", "json").stdout
    names = {item["metadata"]["name"] for item in json.loads(out)["items"]}
    assert name in names
    assert "default" in names


def test_crd_cel_validation(control_plane: ControlPlane) -> None:
    control_plane.kubectl("apply", "-f", "-", input=CRD)
    control_plane.kubectl(
        "wait",
        "--for=condition=Established",
        "crd/widgets.example.olapctl.dev",
        "--timeout=30s",
    )
    # Discovery can lag a moment behind Established: retry the valid object.
    deadline = time.monotonic() + 30
    while True:
        ok = control_plane.kubectl("apply", "-f", "-", input=WIDGET.format(name="ok", replicas=3), check=False)
        if ok.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert ok.returncode == 0, ok.stderr

    bad = control_plane.kubectl("apply", "-f", "-", input=WIDGET.format(name="bad", replicas=11), check=False)
    assert bad.returncode != 0
    assert "replicas must be at most 10" in bad.stderr
    assert "Invalid" in bad.stderr or "invalid" in bad.stderr

    got = control_plane.kubectl("get", "widgets", "-o", "name").stdout.split()
    assert got == ["widget.example.olapctl.dev/ok"]
    with pytest.raises(KubectlError, match=r"NotFound|not found"):
        control_plane.kubectl("get", "widget", "bad")
