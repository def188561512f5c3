#!/usr/bin/env bash
# Check the Word outputs by eye: produce every document for a conference file, convert each to PDF with
# LibreOffice and each page to PNG with pdftoppm, so a person (or an image viewer) can look at every page.
#
#   scripts/render_documents.sh [CONFERENCE_FILE] [OUT_DIR]
#
# Defaults: the demo conference, into build/rendered/. Needs LibreOffice Writer and poppler-utils
# (Debian: apt-get install --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-liberation;
# fonts-liberation is metric-compatible with Arial, the templates' font, so pages break as in Word).
# Extra options for 'chairdesk documents' can be passed in DOCUMENT_OPTIONS, e.g. DOCUMENT_OPTIONS="--marking OFFICIAL".
set -euo pipefail
cd "$(dirname "$0")/.."

file=${1:-resources/demo_conference.json}
out=${2:-build/rendered}
resolution=${RESOLUTION:-80}

if ! command -v libreoffice >/dev/null || ! command -v pdftoppm >/dev/null; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "Installing LibreOffice Writer and poppler-utils (a few minutes, once)..."
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    libreoffice-writer-nogui poppler-utils fonts-liberation >/dev/null
fi

rm -rf "$out"
mkdir -p "$out/docx" "$out/pdf" "$out/png"
# shellcheck disable=SC2086
.venv/bin/chairdesk documents "$file" --out "$out/docx" ${DOCUMENT_OPTIONS:-}

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
libreoffice -env:UserInstallation=file://"$profile" --headless --convert-to pdf --outdir "$out/pdf" \
  "$out"/docx/*.docx >/dev/null 2>&1

for pdf in "$out"/pdf/*.pdf; do
  name=$(basename "$pdf" .pdf)
  pdftoppm -r "$resolution" -png "$pdf" "$out/png/$name"
  pages=$(ls "$out/png/$name"-*.png | wc -l)
  echo "$name: $pages page(s)"
done
echo "Pages as PNG in $out/png/"
