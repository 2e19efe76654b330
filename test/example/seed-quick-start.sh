# The seed README's Quick Start commands, verbatim. The e2e test runs this file with bash against
# the built app (connections to localhost:8000 go to the app's port; the URLs stay as written).
curl http://localhost:8000/health
echo
curl http://localhost:8000/health/detailed
echo
curl http://localhost:8000/api/external-data
echo
curl -X POST http://localhost:8000/api/cache/test -d '{"value": "hello"}'
echo
curl http://localhost:8000/api/cache/test
echo
curl http://localhost:8000/api/heavy-computation
echo
for i in {1..10}; do curl http://localhost:8000/api/error-prone; echo; done
curl http://localhost:8000/metrics
