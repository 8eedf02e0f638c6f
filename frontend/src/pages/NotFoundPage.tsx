import { Link } from "react-router";
import { EmptyState } from "../components/ui";

export function NotFoundPage() {
  return (
    <EmptyState title="We can't find that page" icon="🧭">
      <p>The link may be old, or the page has moved.</p>
      <Link className="btn btn-primary" to="/">
        Go to the catalogue
      </Link>
    </EmptyState>
  );
}
