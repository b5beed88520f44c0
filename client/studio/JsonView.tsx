import { useState } from 'react';
import { parseJsonSafe } from '../../catalog/index.js';
import type { DraftDoc } from './docTypes.js';
import { localCheck } from './localCheck.js';
import { useStudioT } from './studioMessages.js';

/**
 * The draft as JSON for power users. The text follows the forms until edited; "Apply" hands
 * it back (the forms then show it). Schema problems are listed while typing.
 */
export function JsonView({ doc, onApply }: { doc: DraftDoc; onApply: (d: DraftDoc) => void }) {
  const t = useStudioT();
  const current = JSON.stringify(doc, null, 2);
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? current;
  const parsed = parseJsonSafe(shown);
  const issues = parsed.ok ? localCheck(parsed.value).schema : [];
  return (
    <div className="studio-json">
      <textarea aria-label="JSON" spellCheck={false} rows={30} value={shown} onChange={(e) => setText(e.target.value)} />
      {!parsed.ok && <p className="field-error">{t('studio.jsonInvalid', { message: parsed.message })}</p>}
      {issues.length > 0 && (
        <ul className="field-error">
          {issues.slice(0, 20).map((i, k) => (
            <li key={k}>
              <code>{i.path.join('.') || '(root)'}</code>: {i.message}
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="btn"
        disabled={!parsed.ok || text === null}
        onClick={() => {
          if (parsed.ok && typeof parsed.value === 'object' && parsed.value) {
            onApply(parsed.value as DraftDoc);
            setText(null);
          }
        }}
      >
        {t('studio.jsonApply')}
      </button>
    </div>
  );
}
