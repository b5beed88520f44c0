import type { Status } from './salesApi.js';
import { useSalesT } from './salesMessages.js';

export function StatusChip({ status }: { status: Status }) {
  const { t } = useSalesT();
  return <span className={`status-chip status-${status}`}>{t(`status.${status}`)}</span>;
}
