import { Link } from "react-router";
import { usePageTitle } from "../components/Layout";

export function NotFound() {
  usePageTitle("Not found");
  return (
    <section>
      <h1>Page not found</h1>
      <p>There is nothing at this address. <Link to="/">Go to the home page</Link>.</p>
    </section>
  );
}
