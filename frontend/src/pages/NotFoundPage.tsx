import { Link } from "react-router-dom";
import { Brand } from "../components/Brand";

export function NotFoundPage() {
  return (
    <div className="auth-page">
      <div className="auth-panel">
        <div className="auth-brand">
          <Brand />
        </div>
        <div className="card auth-card">
          <h1>Page not found</h1>
          <p className="muted">This address does not exist.</p>
          <p>
            <Link to="/" className="inline-link">Operator console</Link> ·{" "}
            <Link to="/landing" className="inline-link">Client space</Link>
          </p>
        </div>
      </div>
    </div>
  );
}
