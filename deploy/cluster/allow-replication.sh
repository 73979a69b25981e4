#!/bin/sh
# docker-compose.yml: lets the cluster profile's standby stream from db (initdb's pg_hba.conf allows replication
# connections from loopback only). Runs once, when the image initialises an empty data volume.
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
