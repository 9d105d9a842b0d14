#!/bin/sh
# Draws the data model of schema "interview" from the database's own catalog:
# tables with their columns and types, and one edge per foreign key.
# Runs inside a throw-away cluster (pg_virtualenv) with the installed extension.
# Usage: sh tools/data-model.sh OUT.png
set -eu
out="$1"
dot_file="${out%.png}.dot"
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION IF NOT EXISTS interview CASCADE' >/dev/null
psql -X -A -t -v ON_ERROR_STOP=1 > "$dot_file" <<'SQL'
WITH tables AS (
    SELECT c.oid, c.relname
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'interview' AND c.relkind = 'r'
), columns AS (
    SELECT t.relname,
           string_agg(format('<tr><td align="left">%s%s</td><td align="left"><font color="#555555">%s</font></td></tr>',
                             CASE WHEN pk.attnum IS NOT NULL THEN '<b>' || a.attname || '</b>' ELSE a.attname::text END,
                             CASE WHEN a.attnotnull THEN '' ELSE '?' END,
                             pg_catalog.format_type(a.atttypid, a.atttypmod)),
                      '' ORDER BY a.attnum) AS rows
    FROM tables t
    JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN LATERAL (
        SELECT unnest(con.conkey) AS attnum FROM pg_catalog.pg_constraint con
        WHERE con.conrelid = t.oid AND con.contype = 'p') pk ON pk.attnum = a.attnum
    GROUP BY t.relname
), edges AS (
    SELECT src.relname AS src, dst.relname AS dst,
           string_agg(a.attname, ', ') AS label
    FROM pg_catalog.pg_constraint con
    JOIN tables src ON src.oid = con.conrelid
    JOIN tables dst ON dst.oid = con.confrelid
    JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey)
    WHERE con.contype = 'f'
    GROUP BY con.oid, src.relname, dst.relname
)
SELECT 'digraph interview {' UNION ALL
SELECT '  graph [rankdir=LR, fontname="Helvetica", label="schema interview (generated from pg_catalog)", labelloc=t];' UNION ALL
SELECT '  node [shape=plain, fontname="Helvetica", fontsize=10];' UNION ALL
SELECT '  edge [fontname="Helvetica", fontsize=9, color="#336699"];' UNION ALL
(SELECT format('  %s [label=<<table border="1" cellborder="0" cellspacing="0" cellpadding="3"><tr><td colspan="2" bgcolor="#dde8f3"><b>%s</b></td></tr>%s</table>>];',
               relname, relname, rows) FROM columns ORDER BY relname) UNION ALL
(SELECT format('  %s -> %s [label="%s"];', src, dst, label) FROM edges ORDER BY src, dst) UNION ALL
SELECT '}';
SQL
dot -Tpng -Gdpi=80 -o "$out" "$dot_file"
rm -f "$dot_file"
echo "data model drawn: $out"
