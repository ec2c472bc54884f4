"""Runs a job of the simulated Jenkins with python-jenkins, an independent client, and prints what it saw as JSON.

The simulator's clock stands still in tests, so between polls this script moves it on through the
simulator's own control endpoint (POST <control>/_sim/clock); everything else is python-jenkins 1.4.0
(Debian's python3-jenkins) talking to the simulated controller as it would to a real one: crumbs
with the session cookie for a password, none for an API token, the queue id from Location.

Usage: python_jenkins_run.py --url URL --user USER --secret PASSWORD_OR_TOKEN --control URL
                             --job NAME [--param NAME=VALUE ...] [--step-ms N]
"""

import argparse
import json
import urllib.request

import jenkins


def advance(control, ms):
    request = urllib.request.Request(
        control.rstrip('/') + '/_sim/clock',
        data=json.dumps({'advanceMs': ms}).encode(),
        headers={'content-type': 'application/json'},
        method='POST',
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        answer.read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--user', required=True)
    parser.add_argument('--secret', required=True)
    parser.add_argument('--control', required=True)
    parser.add_argument('--job', required=True)
    parser.add_argument('--param', action='append', default=[])
    parser.add_argument('--step-ms', type=int, default=60000)
    args = parser.parse_args()

    server = jenkins.Jenkins(args.url, username=args.user, password=args.secret, timeout=30)
    me = server.get_whoami()
    version = server.get_version()
    jobs = [job['name'] for job in server.get_jobs()]
    info = server.get_job_info(args.job)
    definitions = [
        definition['name']
        for prop in info.get('property', [])
        for definition in prop.get('parameterDefinitions', [])
    ]

    parameters = dict(param.split('=', 1) for param in args.param)
    queue_id = server.build_job(args.job, parameters)
    first = server.get_queue_item(queue_id)

    polls = 0
    item = first
    while not item.get('executable'):
        polls += 1
        if polls > 100:
            raise SystemExit('the queue item never got an executable')
        advance(args.control, 5000)
        item = server.get_queue_item(queue_id)
    number = item['executable']['number']

    build = server.get_build_info(args.job, number)
    running = build['building']
    while build['building']:
        polls += 1
        if polls > 500:
            raise SystemExit('the build never finished')
        advance(args.control, args.step_ms)
        build = server.get_build_info(args.job, number)

    console = server.get_build_console_output(args.job, number)
    print(json.dumps({
        'user': me['id'],
        'version': version,
        'jobs': jobs,
        'nextBuildNumber': info['nextBuildNumber'],
        'parameters': definitions,
        'queueId': queue_id,
        'firstQueueClass': first['_class'],
        'firstWhy': first.get('why'),
        'executable': item['executable'],
        'wasRunning': running,
        'build': {key: build[key] for key in ('number', 'result', 'building', 'duration', 'queueId', 'url')},
        'console': console,
    }))


if __name__ == '__main__':
    main()
