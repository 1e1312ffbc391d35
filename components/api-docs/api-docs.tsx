import "./api-docs.css";
// The /docs page's body: every operation of the OpenAPI document with its method, path, summary,
// parameters, responses and a curl call. A server component: no script, nothing from elsewhere.
import { describeSchema, exampleText } from "./schema-text";

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: string;
  description: string;
  required: boolean;
  schema: Json;
  example?: unknown;
}

interface Operation {
  operationId: string;
  summary: string;
  description: string;
  parameters: Parameter[];
  responses: Record<string, { description: string; content?: Record<string, { schema: Json; example?: unknown }> }>;
  "x-codeSamples": Array<{ source: string }>;
}

function operationsOf(document: Json): Array<{ path: string; operation: Operation }> {
  return Object.entries(document.paths as Record<string, { get: Operation }>).map(([path, item]) => ({
    path,
    operation: item.get,
  }));
}

function Parameters({ parameters }: { parameters: Parameter[] }) {
  if (parameters.length === 0) return <p className="muted">No parameters.</p>;
  return (
    <div className="api-table-wrap">
      <table className="api-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">In</th>
            <th scope="col">Values</th>
            <th scope="col">Default</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {parameters.map((parameter) => (
            <tr key={`${parameter.in}-${parameter.name}`}>
              <td>
                <code>{parameter.name}</code>
                {parameter.required && <span className="api-required"> required</span>}
              </td>
              <td>{parameter.in}</td>
              <td className="api-values">{describeSchema(parameter.schema)}</td>
              <td>{parameter.schema.default === undefined ? "" : <code>{String(parameter.schema.default)}</code>}</td>
              <td>
                {parameter.description}
                {parameter.example !== undefined && (
                  <>
                    {" "}
                    <span className="muted">Example:</span> <code>{exampleText(parameter.example)}</code>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Responses({ responses }: { responses: Operation["responses"] }) {
  return (
    <ul className="api-responses">
      {Object.entries(responses).map(([status, response]) => (
        <li key={status}>
          <span className={`api-status api-status-${status[0]}`}>{status}</span> {response.description}
          {Object.entries(response.content ?? {}).map(([type, media]) => (
            <details key={type} className="api-example">
              <summary>
                <code>{type}</code> <span className="muted">{describeSchema(media.schema)}</span>
              </summary>
              {media.example !== undefined && (
                <pre>
                  <code>
                    {typeof media.example === "string" ? media.example : JSON.stringify(media.example, null, 2)}
                  </code>
                </pre>
              )}
            </details>
          ))}
        </li>
      ))}
    </ul>
  );
}

export function ApiDocs({ document }: { document: Json }) {
  const operations = operationsOf(document);
  const info = document.info as { description: string };
  return (
    <>
      <p className="api-intro">{info.description}</p>
      <nav aria-label="Endpoints" className="api-toc">
        <ul>
          {operations.map(({ path, operation }) => (
            <li key={path}>
              <a href={`#${operation.operationId}`}>
                <span className="api-method">GET</span> {path}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {operations.map(({ path, operation }) => (
        <section
          key={path}
          id={operation.operationId}
          className="api-operation"
          aria-labelledby={`${operation.operationId}-title`}
        >
          <h2 id={`${operation.operationId}-title`}>
            <span className="api-method">GET</span> <code>{path}</code>
          </h2>
          <p className="api-summary">{operation.summary}</p>
          <p>{operation.description}</p>
          <pre className="api-curl">
            <code>{operation["x-codeSamples"][0]?.source}</code>
          </pre>
          <h3>Parameters</h3>
          <Parameters parameters={operation.parameters} />
          <h3>Responses</h3>
          <Responses responses={operation.responses} />
        </section>
      ))}
    </>
  );
}
