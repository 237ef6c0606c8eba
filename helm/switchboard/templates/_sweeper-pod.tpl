{{/* The sweeper's pod spec, shared by the CronJob (run-once) and the Deployment (loop). */}}
{{- define "switchboard.sweeper.podSpec" -}}
{{- $sweeper := .Values.sweeper }}
{{- $loop := eq $sweeper.mode "loop" -}}
serviceAccountName: {{ include "switchboard.sweeper.fullname" . }}
# The one Switchboard pod that calls the Kubernetes API (see sweeper-rbac.yaml).
automountServiceAccountToken: true
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- if not $loop }}
restartPolicy: Never
{{- end }}
containers:
  - name: sweeper
    image: {{ include "switchboard.image" (dict "ctx" . "image" $sweeper.image "path" "sweeper.image") }}
    imagePullPolicy: {{ $sweeper.image.pullPolicy }}
    ports:
      - name: http
        containerPort: 8090
        protocol: TCP
    env:
      # The leader-election identity in loop mode.
      - name: POD_NAME
        valueFrom:
          fieldRef:
            fieldPath: metadata.name
      {{- include "switchboard.sharedEnv" . | nindent 6 }}
      - name: SWITCHBOARD_SWEEPER_MODE
        value: {{ $sweeper.mode | quote }}
      - name: SWITCHBOARD_SWEEPER_DRY_RUN
        value: {{ $sweeper.dryRun | toString | quote }}
      - name: SWITCHBOARD_SWEEPER_KUBERNETES_ENABLED
        value: "true"
      - name: SWITCHBOARD_SWEEPER_KUBERNETES_NAMESPACE
        value: {{ .Release.Namespace | quote }}
      - name: SWITCHBOARD_SWEEPER_KUBERNETES_POD_SELECTOR
        value: {{ include "switchboard.edge.selectorString" . | quote }}
      - name: SWITCHBOARD_SWEEPER_KUBERNETES_CHECK_NODES
        value: {{ $sweeper.kubernetes.checkNodes | toString | quote }}
      {{- if $loop }}
      - name: SWITCHBOARD_SWEEPER_KUBERNETES_LEASE_NAME
        value: {{ include "switchboard.sweeper.fullname" . | quote }}
      - name: SWITCHBOARD_SWEEPER_INTERVAL
        value: {{ $sweeper.loop.interval | quote }}
      {{- end }}
      {{- with include "switchboard.configEnv" $sweeper.config }}
      {{- . | nindent 6 }}
      {{- end }}
      {{- with $sweeper.extraEnv }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
    {{- if $loop }}
    {{- include "switchboard.probes" . | nindent 4 }}
    {{- end }}
    resources:
      {{- toYaml $sweeper.resources | nindent 6 }}
    securityContext:
      {{- toYaml .Values.containerSecurityContext | nindent 6 }}
    volumeMounts:
      {{- include "switchboard.volumeMounts" . | nindent 6 }}
volumes:
  {{- include "switchboard.volumes" . | nindent 2 }}
{{- with $sweeper.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $sweeper.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $sweeper.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "switchboard.sweeper.podMetadata" -}}
labels:
  {{- include "switchboard.labels" (dict "ctx" . "component" "sweeper") | nindent 2 }}
  {{- with .Values.sweeper.podLabels }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- $scrape := dict }}
{{- if eq .Values.sweeper.mode "loop" }}
{{- $scrape = include "switchboard.scrapeAnnotations" (dict "ctx" . "port" 8090) | fromYaml }}
{{- end }}
{{- with merge $scrape .Values.sweeper.podAnnotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
