#!/bin/bash
# wall.sh PORT FILE > tsv: each request of FILE (a query string a line) asked of the API at PORT once, in order: the query, its
# wall time in seconds, its status and 1 when the answer says incompleteResults.
while read -r q; do
  [ -z "$q" ] && continue
  r=$(curl -s -o ${TMPDIR:-/tmp}/wall-body.json -w "%{time_total} %{http_code}" "http://127.0.0.1:$1/api/v1/articles?$q")
  inc=$(grep -c '"incompleteResults":true' ${TMPDIR:-/tmp}/wall-body.json)
  echo -e "$q\t${r% *}\t${r#* }\t$inc"
done < "$2"
