{{- define "rete.name" -}}{{ .Release.Name }}-rete{{- end -}}
{{- define "rete.labels" -}}
app.kubernetes.io/name: rete-sportelli
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}
{{- define "rete.env" -}}
- name: RETE_ENV
  value: production
- name: RETE_BASE_DOMAIN
  value: {{ .Values.baseDomain | quote }}
{{- range $key, $value := .Values.env }}
- name: {{ $key }}
  value: {{ $value | quote }}
{{- end }}
envFrom:
- secretRef:
    name: {{ .Values.existingSecret }}
{{- end -}}

{{- define "rete.mediaVolume" -}}
- name: media
  persistentVolumeClaim:
    claimName: {{ .Values.media.existingClaim | default (printf "%s-media" (include "rete.name" .)) }}
{{- end -}}
