import { useEffect, useRef, useState } from 'preact/hooks';
import DmnViewer from 'dmn-js/lib/Viewer';
import { messageOf } from '../shared/format';
import { decisionsApi } from './decisions-api';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';

/**
 * A deployed decision table, read-only, with the rules that matched highlighted: the table the
 * analyst drew, as the engine used it for this evaluation.
 */
export function DecisionTableView({ decisionRequirementsKey, decisionId, matchedRuleIds }: { decisionRequirementsKey: string; decisionId: string; matchedRuleIds: string[] }) {
  const container = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string>();
  const matched = matchedRuleIds.join(' ');

  useEffect(() => {
    const viewer = new DmnViewer({ container: container.current! });
    let live = true;
    void (async () => {
      try {
        await viewer.importXML(await decisionsApi.requirementsXml(decisionRequirementsKey));
        const view = viewer.getViews().find((v) => v.type === 'decisionTable' && v.element.id === decisionId);
        if (!view || !live) return;
        await viewer.open(view);
        for (const id of matched.split(' ').filter(Boolean)) {
          container.current?.querySelectorAll(`[data-row-id="${CSS.escape(id)}"]`).forEach((cell) => cell.classList.add('osprey-matched-cell'));
        }
      } catch (e) {
        if (live) setError(messageOf(e));
      }
    })();
    return () => {
      live = false;
      viewer.destroy();
    };
  }, [decisionRequirementsKey, decisionId, matched]);

  return (
    <div class="decision-table-view" ref={container} data-testid={`decision-table-${decisionId}`}>
      {error ? <p class="muted">The table could not be shown: {error}</p> : null}
    </div>
  );
}
