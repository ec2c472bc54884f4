"""Runs Groovy on a simulated Jenkins controller's Script Console with python-jenkins and prints what it saw as JSON.

python-jenkins 1.4.0 (Debian's python3-jenkins) as a real client: run_script appends its own
print(")]}.") line, POSTs the script to /scriptText and refuses an answer that does not end with
that mark; get_plugin_info reads /pluginManager/api/json at depth 2.

Usage: python_jenkins_script.py --url URL --user USER --secret PASSWORD_OR_TOKEN --script GROOVY [--plugin NAME]
"""

import argparse
import json

import jenkins


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--user', required=True)
    parser.add_argument('--secret', required=True)
    parser.add_argument('--script', required=True)
    parser.add_argument('--plugin', default='ec2-fleet')
    args = parser.parse_args()

    server = jenkins.Jenkins(args.url, username=args.user, password=args.secret, timeout=30)
    try:
        output = server.run_script(args.script)
        failure = None
    except jenkins.JenkinsException as error:
        output = None
        failure = str(error)
    plugin = server.get_plugin_info(args.plugin)
    print(json.dumps({
        'output': output,
        'failure': failure,
        'plugin': None if plugin is None else {'shortName': plugin['shortName'], 'version': str(plugin['version']), 'active': plugin['active']},
    }))


if __name__ == '__main__':
    main()
