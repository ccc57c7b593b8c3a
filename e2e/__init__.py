"""End-to-end tests against a real kube-apiserver + etcd (see controlplane.py)."""
