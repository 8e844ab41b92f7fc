"""A stand-in for the service that is ready but reflects every time wrongly: the smoke test must
fail against it. Usage: python3 buildspec/wrong-answer-server.py PORT (serves 127.0.0.1:PORT)."""

import http.server
import sys


class WrongAnswers(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/q/health/ready"):
            body = b'{"status":"UP"}'
        else:
            body = b'{"mirror_time":"12:22","actual_time":"12:22"}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), WrongAnswers).serve_forever()
