# wardline: the two commands a newcomer needs are `make run` and `make test`.
# Everything they need (Node packages, moto, the IaC scanners, Chromium) they install
# themselves, into this folder where they can (.venv, static/node_modules).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
PORT ?= 3000

.PHONY: run test assets tools check lint unit browser iac clean deploy rotate-signing-key

## Run wardline locally: the demo council on the embedded store, at http://127.0.0.1:3000
run: assets
	cargo run --bin wardline -- serve --port $(PORT)

## Run every check and test CI runs.
test:
	./scripts/test

## Build the site's CSS and JavaScript (GOV.UK Frontend from npm).
assets: static/dist/assets/app.css

static/dist/assets/app.css: static/package.json static/package-lock.json static/build.mjs $(wildcard static/src/*)
	cd static && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build

## Deploy (or update) a council on AWS. See infra/README.md.
deploy:
	./infra/deploy

## Rotate the deployed stack's signing key (VOID_PREVIOUS=1 to refuse everything signed before).
rotate-signing-key:
	./infra/rotate-signing-key-of-stack

clean:
	rm -rf target static/dist static/node_modules .venv .venv-checkov .wardline
