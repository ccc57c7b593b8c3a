{{/* Chart name. */}}
{{- define "olapctl.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name of the release's objects (the release name when it already contains the chart name). */}}
{{- define "olapctl.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of cluster-scoped objects: unique per release namespace. */}}
{{- define "olapctl.clusterName" -}}
{{- printf "%s-%s" (include "olapctl.fullname" .) .Release.Namespace | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "olapctl.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "olapctl.selectorLabels" -}}
app.kubernetes.io/name: {{ include "olapctl.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "olapctl.labels" -}}
helm.sh/chart: {{ include "olapctl.chart" . }}
{{ include "olapctl.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "olapctl.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "olapctl.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "olapctl.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* watchNamespaces, checked: exact namespace names only (a Role is made in each). */}}
{{- define "olapctl.watchNamespaces" -}}
{{- range .Values.watchNamespaces -}}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" .) -}}
{{- fail (printf "watchNamespaces: %q is not a namespace name; glob patterns cannot be granted by RBAC (leave watchNamespaces empty to watch all namespaces)" .) -}}
{{- end -}}
{{- end -}}
{{- toJson (.Values.watchNamespaces | uniq) -}}
{{- end -}}

{{/* Secrets the operator may get: the namespace's olapctl-clickhouse and extraSecretNames. */}}
{{- define "olapctl.secretNames" -}}
{{- toJson (concat (list "olapctl-clickhouse") .Values.extraSecretNames | uniq) -}}
{{- end -}}

{{/*
What the operator does in a watched namespace (operator/olapctl/k8s and kopf 1.45):
- kopf lists and watches the four resources, and merge/JSON-patches them for its finalizer
  (olapctl.dev/cleanup) and progress annotations; it never PUTs (no update). Each handler re-reads its object
  (get) once it holds the object's lock, since a timer and a handler of the same object may have run meanwhile.
- status goes through the /status subresource (merge patch by kopf and by cluster.patch_status).
- target_url reads the Secret olapctl-clickhouse, or a plan's secretRef (extraSecretNames).
- kopf.event posts core/v1 Events (create only; kopf never patches or uses events.k8s.io).
- namespace_mode reads the Namespace's olapctl.dev/mode label (get).
*/}}
{{- define "olapctl.namespacedRules" -}}
- apiGroups: ["olapctl.dev"]
  resources: ["olaptables", "materializedviews", "views", "migrationplans"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["olapctl.dev"]
  resources: ["olaptables/status", "materializedviews/status", "views/status", "migrationplans/status"]
  verbs: ["patch"]
- apiGroups: [""]
  resources: ["secrets"]
  resourceNames: {{ include "olapctl.secretNames" . }}
  verbs: ["get"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end -}}
