{{- define "rete.name" -}}{{ .Release.Name }}-rete{{- end -}}
{{- define "rete.labels" -}}
app.kubernetes.io/name: rete-sportelli
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}
{{- define "rete.env" -}}
env:
- name: RETE_ENV
  value: production
- name: RETE_BASE_DOMAIN
  value: {{ .Values.baseDomain | quote }}
{{- range $key, $value := .Values.env }}
- name: {{ $key }}
  value: {{ $value | quote }}
{{- end }}
{{- include "rete.integrationsEnv" . }}
envFrom:
- secretRef:
    name: {{ .Values.existingSecret }}
{{- end -}}

{{- define "rete.mediaVolume" -}}
- name: media
  persistentVolumeClaim:
    claimName: {{ .Values.media.existingClaim | default (printf "%s-media" (include "rete.name" .)) }}
{{- end -}}


{{/* The national integrations' variables: the destinations, then each
     RETE_CLICLAVORO_* from the integrations Secret, then the ModI files. */}}
{{- define "rete.integrationsEnv" -}}
{{- $i := .Values.integrations }}
- name: RETE_OUTBOX_DESTINATIONS
  value: {{ $i.destinations | quote }}
{{- range $name := $i.secretEnv }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef: {name: {{ $i.existingSecret | quote }}, key: {{ $name | quote }}, optional: true}
{{- end }}
- name: RETE_MODI_KEY_FILE
  value: {{ printf "%s/%s" $i.modiFiles.mountPath $i.modiFiles.keyKey | quote }}
- name: RETE_MODI_CERT_FILE
  value: {{ printf "%s/%s" $i.modiFiles.mountPath $i.modiFiles.certKey | quote }}
{{- if $i.modiFiles.peerCertKey }}
- name: RETE_CLICLAVORO_PEER_CERT_FILE
  value: {{ printf "%s/%s" $i.modiFiles.mountPath $i.modiFiles.peerCertKey | quote }}
{{- end }}
{{- end -}}

{{- define "rete.modiVolume" -}}
{{- $files := .Values.integrations.modiFiles }}
- name: modi
  secret:
    secretName: {{ .Values.integrations.existingSecret | quote }}
    optional: true
    defaultMode: 0440
    items:
    - {key: {{ $files.keyKey | quote }}, path: {{ $files.keyKey | quote }}}
    - {key: {{ $files.certKey | quote }}, path: {{ $files.certKey | quote }}}
    {{- if $files.peerCertKey }}
    - {key: {{ $files.peerCertKey | quote }}, path: {{ $files.peerCertKey | quote }}}
    {{- end }}
{{- end -}}

{{- define "rete.modiMount" -}}
- {name: modi, mountPath: {{ .Values.integrations.modiFiles.mountPath | quote }}, readOnly: true}
{{- end -}}
