import { JumioVerification } from "jumio-verification/react";
import { useEffect, useState } from "react";

// The mock's web client is on its own origin, which the element trusts only when named.
const allowedOrigins = import.meta.env.VITE_JUMIO_ALLOWED_ORIGINS;

export default function App() {
  const [workflow, setWorkflow] = useState<string>();
  const [decision, setDecision] = useState<string>();

  // The decision comes later, from Jumio's callback to the backend: ask for it until it is there.
  useEffect(() => {
    if (!workflow) return;
    const timer = setInterval(async () => {
      const stored = (await (await fetch(`/api/jumio/verifications/${workflow}`)).json()) as { decision?: string };
      if (stored.decision) {
        clearInterval(timer);
        setDecision(stored.decision);
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [workflow]);

  return (
    <main>
      <h1>Verify your identity</h1>
      <JumioVerification
        endpoint="/api/jumio/verification"
        allowedOrigins={allowedOrigins}
        onJumioSuccess={(event) => setWorkflow(event.detail.workflowExecutionId)}
      />
      {workflow && <p role="status">{decision ? `Decision: ${decision}` : "Thank you. Checking your documents…"}</p>}
    </main>
  );
}
