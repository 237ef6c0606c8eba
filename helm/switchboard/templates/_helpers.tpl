{{/*
Names. Kubernetes names are at most 63 characters.
*/}}
{{- define "switchboard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "switchboard.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "switchboard.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Object names per component: (dict "ctx" $ "suffix" "edge").
*/}}
{{- define "switchboard.componentName" -}}
{{- printf "%s-%s" (include "switchboard.fullname" .ctx) .suffix | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "switchboard.edge.fullname" -}}
{{- include "switchboard.componentName" (dict "ctx" . "suffix" "edge") }}
{{- end }}

{{- define "switchboard.api.fullname" -}}
{{- include "switchboard.componentName" (dict "ctx" . "suffix" "api") }}
{{- end }}

{{- define "switchboard.sweeper.fullname" -}}
{{- include "switchboard.componentName" (dict "ctx" . "suffix" "sweeper") }}
{{- end }}

{{/* A CronJob name leaves 11 characters for the Job suffix. */}}
{{- define "switchboard.sweeper.cronJobName" -}}
{{- include "switchboard.sweeper.fullname" . | trunc 52 | trimSuffix "-" }}
{{- end }}

{{- define "switchboard.redis.fullname" -}}
{{- include "switchboard.componentName" (dict "ctx" . "suffix" "redis") }}
{{- end }}

{{/*
Labels: (dict "ctx" $ "component" "ws-edge"). Selectors use only the selector labels, which never
change between releases of the chart.
*/}}
{{- define "switchboard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "switchboard.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "switchboard.labels" -}}
helm.sh/chart: {{ include "switchboard.chart" .ctx }}
{{ include "switchboard.selectorLabels" . }}
app.kubernetes.io/part-of: switchboard
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* The edge selector as a label-selector string, for the sweeper. */}}
{{- define "switchboard.edge.selectorString" -}}
{{- $labels := include "switchboard.selectorLabels" (dict "ctx" . "component" "ws-edge") | fromYaml }}
{{- $pairs := list }}
{{- range $key := keys $labels | sortAlpha }}
{{- $pairs = append $pairs (printf "%s=%s" $key (index $labels $key)) }}
{{- end }}
{{- join "," $pairs }}
{{- end }}

{{/*
Image reference: (dict "ctx" $ "image" .Values.edge.image "path" "edge.image"). The tag defaults
to the chart appVersion; `latest` is refused.
*/}}
{{- define "switchboard.image" -}}
{{- $tag := toString (default .ctx.Chart.AppVersion .image.tag) }}
{{- if eq (lower $tag) "latest" }}
{{- fail (printf "%s.tag: 'latest' is not allowed; pin a version (empty means the chart appVersion %s)" .path .ctx.Chart.AppVersion) }}
{{- end }}
{{- $repository := .image.repository }}
{{- if .image.registry }}
{{- $repository = printf "%s/%s" .image.registry .image.repository }}
{{- end }}
{{- if .image.digest }}
{{- printf "%s@%s" $repository .image.digest }}
{{- else }}
{{- printf "%s:%s" $repository $tag }}
{{- end }}
{{- end }}

{{/*
Secrets: an existing Secret, or one the chart generates once and then reuses (lookup).
*/}}
{{- define "switchboard.edge.authSecretName" -}}
{{- default (printf "%s-auth" (include "switchboard.edge.fullname" .)) .Values.edge.auth.existingSecret }}
{{- end }}

{{- define "switchboard.api.keysSecretName" -}}
{{- default (printf "%s-keys" (include "switchboard.api.fullname" .)) .Values.api.auth.existingSecret }}
{{- end }}

{{/* The Secret holding the Redis password, empty when Redis has none. */}}
{{- define "switchboard.redis.passwordSecretName" -}}
{{- if .Values.redis.existingSecret }}
{{- .Values.redis.existingSecret }}
{{- else if .Values.redis.bundled.enabled }}
{{- include "switchboard.redis.fullname" . }}
{{- end }}
{{- end }}

{{/* (dict "ctx" $ "name" "secret-name" "key" "data-key" "length" 48): base64 data. */}}
{{- define "switchboard.generatedSecretValue" -}}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace .name }}
{{- if and $existing $existing.data (hasKey $existing.data .key) }}
{{- index $existing.data .key }}
{{- else }}
{{- randAlphaNum (int .length) | b64enc }}
{{- end }}
{{- end }}

{{- define "switchboard.redisUrl" -}}
{{- if .Values.redis.bundled.enabled }}
{{- printf "redis://%s.%s.svc:6379" (include "switchboard.redis.fullname" .) .Release.Namespace }}
{{- else }}
{{- .Values.redis.url }}
{{- end }}
{{- end }}

{{/*
Environment shared by every Switchboard container: Redis and the shared settings.
*/}}
{{- define "switchboard.sharedEnv" -}}
- name: REDIS_URL
  value: {{ include "switchboard.redisUrl" . | quote }}
{{- if ne .Values.redis.clientType "standalone" }}
- name: QUARKUS_REDIS_CLIENT_TYPE
  value: {{ .Values.redis.clientType | quote }}
{{- end }}
{{- if eq .Values.redis.clientType "sentinel" }}
- name: QUARKUS_REDIS_MASTER_NAME
  value: {{ .Values.redis.sentinel.masterName | quote }}
{{- end }}
{{- with include "switchboard.redis.passwordSecretName" . }}
- name: QUARKUS_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.redis.existingSecretPasswordKey }}
{{- end }}
{{- if include "switchboard.redis.caBundle" . }}
- name: QUARKUS_REDIS_TLS_ENABLED
  value: "true"
- name: QUARKUS_REDIS_TLS_TRUST_CERTIFICATE_PEM_CERTS
  value: {{ include "switchboard.redis.caBundlePath" . | quote }}
{{- end }}
- name: SWITCHBOARD_KEY_PREFIX
  value: {{ .Values.switchboard.keyPrefix | quote }}
- name: SWITCHBOARD_LEASE_TTL
  value: {{ .Values.switchboard.lease.ttl | quote }}
- name: SWITCHBOARD_LEASE_HEARTBEAT
  value: {{ .Values.switchboard.lease.heartbeat | quote }}
- name: SWITCHBOARD_REDIS_TIMEOUT
  value: {{ .Values.switchboard.redisTimeout | quote }}
- name: SWITCHBOARD_EVENTS_MAX_LENGTH
  value: {{ .Values.switchboard.eventsMaxLength | toString | quote }}
{{- if eq .Values.logFormat "json" }}
- name: SWITCHBOARD_LOG_JSON
  value: "true"
{{- end }}
{{- end }}

{{/*
A component's `config` map of property names as environment variables: dots, dashes and every
other non-alphanumeric character become underscores, upper case (SmallRye Config's rule).
*/}}
{{- define "switchboard.configEnv" -}}
{{- $env := list }}
{{- range $key := keys . | sortAlpha }}
{{- $env = append $env (dict "name" (regexReplaceAll "[^A-Za-z0-9]" $key "_" | upper) "value" (index $ $key | toString)) }}
{{- end }}
{{- with $env }}
{{- toYaml . }}
{{- end }}
{{- end }}

{{- define "switchboard.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpVolumeSizeLimit }}
{{- end }}

{{- define "switchboard.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{/* Pod annotations for Prometheus without the Operator: (dict "ctx" $ "port" 8081). */}}
{{- define "switchboard.scrapeAnnotations" -}}
{{- if .ctx.Values.metrics.scrapeAnnotations.enabled }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /q/metrics
{{- end }}
{{- end }}

{{/* HTTP probes on the SmallRye Health endpoints of a Switchboard container. */}}
{{- define "switchboard.probes" -}}
startupProbe:
  httpGet:
    path: /q/health/started
    port: http
  periodSeconds: 2
  failureThreshold: 60
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: http
  periodSeconds: 5
  timeoutSeconds: 2
  failureThreshold: 2
livenessProbe:
  httpGet:
    path: /q/health/live
    port: http
  periodSeconds: 10
  timeoutSeconds: 2
  failureThreshold: 3
{{- end }}

{{/*
A memory quantity in bytes (Ki, Mi, Gi, Ti, k, M, G, T or plain bytes), as a float.
*/}}
{{- define "switchboard.memoryBytes" -}}
{{- $q := toString . }}
{{- $units := dict "Ki" 1024.0 "Mi" 1048576.0 "Gi" 1073741824.0 "Ti" 1099511627776.0 "k" 1000.0 "M" 1000000.0 "G" 1000000000.0 "T" 1000000000000.0 }}
{{- $unit := regexFind "[A-Za-z]+$" $q }}
{{- $number := trimSuffix $unit $q | float64 }}
{{- if and $unit (not (hasKey $units $unit)) }}
{{- fail (printf "edge.resources.limits.memory: cannot read %q (use Ki, Mi, Gi, k, M or G)" $q) }}
{{- end }}
{{- mulf $number (default 1.0 (get $units $unit)) }}
{{- end }}

{{/*
Sockets one edge can hold inside its memory limit: limit × socketMemoryFraction ÷ bytesPerConnection.
*/}}
{{- define "switchboard.edge.derivedMaxConnections" -}}
{{- $limits := .Values.edge.limits }}
{{- $memory := (.Values.edge.resources.limits | default dict).memory }}
{{- if not $memory }}
{{- fail "edge.resources.limits.memory is required: the edge's connection limit is derived from it" }}
{{- end }}
{{- $bytes := include "switchboard.memoryBytes" $memory | float64 }}
{{- divf (mulf $bytes (float64 $limits.socketMemoryFraction)) (float64 $limits.bytesPerConnection) | floor | int64 }}
{{- end }}

{{/* The edge's max-connections: edge.limits.maxConnections, or derived when 0 (validate.yaml refuses more). */}}
{{- define "switchboard.edge.maxConnections" -}}
{{- $set := int64 .Values.edge.limits.maxConnections }}
{{- if gt $set 0 }}{{ $set }}{{ else }}{{ include "switchboard.edge.derivedMaxConnections" . }}{{ end }}
{{- end }}

{{/*
Topology spread of a component across zones and hosts: (dict "ctx" $ "component" "ws-edge").
*/}}
{{- define "switchboard.topologySpread" -}}
{{- $spread := .ctx.Values.topologySpread }}
{{- if $spread.enabled }}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: {{ $spread.zoneKey }}
    whenUnsatisfiable: {{ ternary "DoNotSchedule" "ScheduleAnyway" $spread.multiZone }}
    labelSelector:
      matchLabels:
        {{- include "switchboard.selectorLabels" . | nindent 8 }}
  - maxSkew: 1
    topologyKey: {{ $spread.hostKey }}
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "switchboard.selectorLabels" . | nindent 8 }}
{{- end }}
{{- end }}

{{/* Whether a CA bundle for rediss:// is configured. */}}
{{- define "switchboard.redis.caBundle" -}}
{{- $ca := .Values.redis.tls.caBundle }}
{{- if or $ca.existingSecret $ca.existingConfigMap }}true{{ end }}
{{- end }}

{{- define "switchboard.redis.caBundlePath" -}}
/etc/switchboard/redis-ca/{{ .Values.redis.tls.caBundle.key }}
{{- end }}

{{/* Volumes every Switchboard pod has: /tmp, the Redis CA bundle, extraVolumes. */}}
{{- define "switchboard.volumes" -}}
{{- include "switchboard.tmpVolume" . }}
{{- $ca := .Values.redis.tls.caBundle }}
{{- if $ca.existingSecret }}
- name: redis-ca
  secret:
    secretName: {{ $ca.existingSecret }}
    items:
      - key: {{ $ca.key }}
        path: {{ $ca.key }}
{{- else if $ca.existingConfigMap }}
- name: redis-ca
  configMap:
    name: {{ $ca.existingConfigMap }}
    items:
      - key: {{ $ca.key }}
        path: {{ $ca.key }}
{{- end }}
{{- with .Values.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "switchboard.volumeMounts" -}}
{{- include "switchboard.tmpVolumeMount" . }}
{{- if include "switchboard.redis.caBundle" . }}
- name: redis-ca
  mountPath: /etc/switchboard/redis-ca
  readOnly: true
{{- end }}
{{- with .Values.extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The sweep period in seconds, for the "no successful sweep" alert: the loop interval, N minutes
for an every-N-minutes cron schedule, or metrics.prometheusRule.sweepPeriodSeconds.
*/}}
{{- define "switchboard.sweeper.periodSeconds" -}}
{{- $rule := .Values.metrics.prometheusRule }}
{{- if gt (int $rule.sweepPeriodSeconds) 0 }}
{{- int $rule.sweepPeriodSeconds }}
{{- else if eq .Values.sweeper.mode "loop" }}
{{- $interval := toString .Values.sweeper.loop.interval }}
{{- $n := regexFind "^[0-9]+" $interval | int }}
{{- if hasSuffix "m" $interval }}{{ mul $n 60 }}{{ else if hasSuffix "h" $interval }}{{ mul $n 3600 }}{{ else }}{{ $n }}{{ end }}
{{- else if regexMatch "^\\*/[0-9]+ \\* \\* \\* \\*$" .Values.sweeper.cron.schedule }}
{{- mul (regexFind "[0-9]+" .Values.sweeper.cron.schedule | int) 60 }}
{{- else if eq .Values.sweeper.cron.schedule "* * * * *" }}60
{{- else }}
{{- fail (printf "metrics.prometheusRule.sweepPeriodSeconds is required: the sweep period cannot be read from the schedule %q" .Values.sweeper.cron.schedule) }}
{{- end }}
{{- end }}
