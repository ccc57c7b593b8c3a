"""Argo CD integration of olapctl: health checks (resource_customizations/, argocd-cm-health.yaml), their generator
and a runner that evaluates them as Argo CD does (health.py)."""
