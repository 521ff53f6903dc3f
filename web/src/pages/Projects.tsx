import { Link } from 'react-router';
import { useProjects, useUser } from '../api/queries';
import { useTitle } from '../ui/title';

export function Projects() {
  useTitle('Projects');
  const user = useUser();
  const projects = useProjects();
  const mayCreate = Boolean(user.data?.admin || user.data?.can_create_project);
  return (
    <section>
      <div className="bar">
        <h1>Projects</h1>
        {mayCreate && (
          <>
            <Link className="button" to="/project/new">
              New project
            </Link>
            <Link to="/project/restore">Restore from backup</Link>
          </>
        )}
      </div>
      {projects.isPending && <p className="loading">Loading…</p>}
      {projects.isError && <p className="error">{projects.error.message}</p>}
      {projects.data?.length === 0 && <p>No projects yet.</p>}
      <ul className="list">
        {projects.data?.map((p) => (
          <li key={p.id}>
            <Link to={`/project/${p.id}/history`}>{p.name}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
