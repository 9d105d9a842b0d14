# interview: top-level build. Delegates to extension/, proxy/, judge/ and admin/.
#   make deps     install missing Debian packages and npm test tooling
#   make          build everything
#   make install  install the extension into the local PostgreSQL (PGXS), the
#                 judge's language file (/etc/interview-judge) and TypeScript, PCH
#                 (/usr/local/lib/interview-judge), and interview-admin into /usr/local/bin
#   make check    build, install, run every suite in a throw-away cluster
#   make run      the whole system on a local cluster with demo data
#   make stop     stops a make run going in another terminal
#   make bench    benchmarks (not part of check)
#   make docs     redraw docs/data-model.png from the catalog (graphviz)

PG_CONFIG ?= $(shell command -v pg_config >/dev/null 2>&1 && echo pg_config || echo /usr/lib/postgresql/15/bin/pg_config)
DEB_PACKAGES = postgresql-15 postgresql-server-dev-15 libpq-dev libmicrohttpd-dev \
	libjansson-dev postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl \
	libseccomp-dev gcc g++ make python3 pkg-config iproute2 procps psmisc chromium \
	clang-14 libclang-rt-14-dev curl time wrk graphviz \
	golang-go rustc ruby php-cli mono-mcs pypy3 ghc lua5.4 fpc kotlin openjdk-17-jdk-headless

PARTS = extension proxy judge admin

.PHONY: all deps install check run stop bench clean docs fuzz $(PARTS)

all: $(PARTS)

$(PARTS):
	@if [ -f $@/Makefile ]; then $(MAKE) -C $@ PG_CONFIG=$(PG_CONFIG); fi

deps:
	@sh tools/deps.sh $(DEB_PACKAGES)

install: all
	$(MAKE) -C extension install PG_CONFIG=$(PG_CONFIG)
	$(MAKE) -C judge install PG_CONFIG=$(PG_CONFIG)
	$(MAKE) -C admin install PG_CONFIG=$(PG_CONFIG)

check: all install
	pg_virtualenv -t -o 'shared_preload_libraries=pg_stat_statements' -o 'max_connections=300' sh test/check.sh

bench: all install
	pg_virtualenv -t -o 'shared_preload_libraries=pg_stat_statements' -o 'max_connections=300' sh test/bench/run.sh

run: deps all install
	@sh tools/run.sh

stop:
	@sh tools/run.sh stop

docs: all install
	pg_virtualenv -t sh tools/data-model.sh $(CURDIR)/docs/data-model.png

fuzz:
	$(MAKE) -C proxy fuzz

clean:
	@for p in $(PARTS); do if [ -f $$p/Makefile ]; then $(MAKE) -C $$p clean PG_CONFIG=$(PG_CONFIG); fi; done
