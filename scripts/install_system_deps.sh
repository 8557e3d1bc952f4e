#!/usr/bin/env bash
# Debian packages the test suite needs: PostgreSQL (the second database the suite
# runs on), Chromium (browser and accessibility tests) and GNU gettext
# (makemessages, to check the translation catalogues), what WeasyPrint needs,
# and the OCR and document conversion of access requests. Installs only what is missing.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
# Pango and HarfBuzz: WeasyPrint draws letters and reports with them.
ldconfig -p | grep -q libpangoft2-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p | grep -q libharfbuzz-subset || missing+=(libharfbuzz-subset0)
# Tesseract reads the text of scanned pages and photos so that personal
# information in them can be found and redacted; LibreOffice turns office
# documents gathered for an access request into PDF.
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
[ -e /usr/share/tesseract-ocr/5/tessdata/fra.traineddata ] || missing+=(tesseract-ocr-fra)
[ -e /usr/share/tesseract-ocr/5/tessdata/eng.traineddata ] || missing+=(tesseract-ocr-eng)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
# `install_system_deps.sh bench`: also the load generator of the benchmarks.
if [ "${1:-}" = bench ]; then
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# Packages must not start their services (nginx would take port 80): the tests
# start what they need themselves.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
fi
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
