#!/usr/bin/env bash
# Writes Sources/StrataServer/OpenAPIDocument.swift from docs/openapi.json, the document the
# service serves at /openapi.json (OpenAPIDocumentTests checks the two are the same).
set -euo pipefail
cd "$(dirname "$0")/.."
{
  echo '/// The OpenAPI 3.1 document of the API, served at `/openapi.json`: docs/openapi.json, embedded'
  echo '/// by scripts/embed-openapi.sh.'
  echo 'enum OpenAPIDocument {'
  echo '    static let json = #"""'
  cat docs/openapi.json
  echo '"""#'
  echo '}'
} > Sources/StrataServer/OpenAPIDocument.swift
echo "wrote Sources/StrataServer/OpenAPIDocument.swift"
