import { Button, Flex, Label } from '@patternfly/react-core';
import { ExclamationTriangleIcon, InProgressIcon, RssIcon } from '@patternfly/react-icons';
import { errorMessage } from '@/trpc/errors';
import { FALLBACK_POLL_MS, type LiveMode } from './live';

interface LiveIndicatorProps {
  mode: LiveMode;
  error: unknown;
  onReconnect: () => void;
}

/** Whether what the page shows is pushed as it changes or polled: a word and an icon, not a colour alone. */
export function LiveIndicator({ mode, error, onReconnect }: LiveIndicatorProps) {
  if (mode === 'live') {
    return (
      <Label color="green" icon={<RssIcon />} isCompact data-live="live" title="Changes are pushed to this page as the sync records them">
        live
      </Label>
    );
  }
  if (mode === 'connecting') {
    return (
      <Label color="grey" icon={<InProgressIcon />} isCompact data-live="connecting" title="Opening the live update stream">
        connecting
      </Label>
    );
  }
  const why = error ? `Live updates stopped: ${errorMessage(error)}.` : 'Live updates are not available.';
  return (
    <Flex spaceItems={{ default: 'spaceItemsSm' }} alignItems={{ default: 'alignItemsCenter' }} display={{ default: 'inlineFlex' }}>
      <Label color="orange" icon={<ExclamationTriangleIcon />} isCompact data-live="polling" title={`${why} The page asks again every ${FALLBACK_POLL_MS / 1000} s.`}>
        polling every {FALLBACK_POLL_MS / 1000} s
      </Label>
      <Button variant="link" isInline onClick={onReconnect}>
        Reconnect live updates
      </Button>
    </Flex>
  );
}
