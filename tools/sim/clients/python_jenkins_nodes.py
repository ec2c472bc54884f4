"""Takes a node of the simulated Jenkins offline and back with python-jenkins, an independent client.

Everything is python-jenkins 1.4.0 (Debian's python3-jenkins): disable_node and enable_node read the
node first (GET computer/<name>/api/json?depth=0) and POST computer/<name>/toggleOffline only when
its `offline` flag says there is something to change, with a crumb for a password. Prints what it
saw as JSON; a refusal is recorded as the exception's class and text.

Usage: python_jenkins_nodes.py --url URL --user USER --secret PASSWORD_OR_TOKEN --node NAME
                               --message TEXT [--missing NAME]
"""

import argparse
import json

import jenkins

FIELDS = ('offline', 'temporarilyOffline', 'offlineCauseReason')


def seen(server, name):
    info = server.get_node_info(name)
    return {field: info.get(field) for field in FIELDS}


def refusal(call):
    try:
        call()
    except Exception as error:  # the test reads which exception python-jenkins raised
        return {'type': type(error).__name__, 'message': str(error)}
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--url', required=True)
    parser.add_argument('--user', required=True)
    parser.add_argument('--secret', required=True)
    parser.add_argument('--node', required=True)
    parser.add_argument('--message', required=True)
    parser.add_argument('--missing', default='i-0000000000000dead')
    args = parser.parse_args()

    server = jenkins.Jenkins(args.url, username=args.user, password=args.secret, timeout=30)
    result = {'before': seen(server, args.node)}
    result['disableRefused'] = refusal(lambda: server.disable_node(args.node, args.message))
    result['disabled'] = seen(server, args.node)
    # A second disable finds the node offline and sends nothing: the message stays the first one.
    result['disableTwiceRefused'] = refusal(lambda: server.disable_node(args.node, 'a second message'))
    result['disabledTwice'] = seen(server, args.node)
    result['enableRefused'] = refusal(lambda: server.enable_node(args.node))
    result['enabled'] = seen(server, args.node)
    result['missing'] = refusal(lambda: server.disable_node(args.missing, args.message))
    print(json.dumps(result))


if __name__ == '__main__':
    main()
