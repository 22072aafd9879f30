#!/usr/bin/env bash
# Installs, builds and runs s3emu in the foreground. Extra arguments go to s3emu,
# e.g. scripts/run.sh --port 9001 --fsync never
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/scripts/build.sh"

# The credentials s3emu will accept: flags win over S3EMU_* variables, which win over defaults.
access_key="${S3EMU_ACCESS_KEY:-s3emuadmin}"
secret_key="${S3EMU_SECRET_KEY:-s3emuadmin-secret}"
region="${S3EMU_REGION:-us-east-1}"
have_data=""
[[ -n "${S3EMU_DATA:-}" ]] && have_data=1
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  next="${args[i + 1]:-}"
  case "${args[i]}" in
    --access-key) access_key="$next" ;;
    --access-key=*) access_key="${args[i]#*=}" ;;
    --secret-key) secret_key="$next" ;;
    --secret-key=*) secret_key="${args[i]#*=}" ;;
    --region) region="$next" ;;
    --region=*) region="${args[i]#*=}" ;;
    --data | --data=*) have_data=1 ;;
  esac
done

data_args=()
[[ -z "$have_data" ]] && data_args=(--data "$root/s3emu-data")

cat <<MSG
s3emu credentials (use with the endpoint printed below):
  AWS_ACCESS_KEY_ID=$access_key
  AWS_SECRET_ACCESS_KEY=$secret_key
  AWS_DEFAULT_REGION=$region
MSG

exec "$root/build/s3emu" "${data_args[@]}" "$@"
