import { Link } from 'react-router';
import { useTitle } from '../ui/title';

export function NotFound() {
  useTitle('Not found');
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no page here. <Link to="/">Projects</Link>
      </p>
    </section>
  );
}
