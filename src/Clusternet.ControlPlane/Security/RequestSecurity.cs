using Clusternet.ControlPlane.Security.Authentication;
using Clusternet.ControlPlane.Security.Authorization;
using Clusternet.ControlPlane.Security.Impersonation;

namespace Clusternet.ControlPlane.Security;

/// <summary>The security stages of one server, in the order the pipeline runs them.</summary>
/// <param name="Authentication">Who the caller is (401 when unknown).</param>
/// <param name="Impersonation">Whom the caller acts as (403 when not allowed to impersonate).</param>
/// <param name="Authorization">Whether that user may do what the request asks (403).</param>
internal sealed record RequestSecurity(AuthenticationChain Authentication, ImpersonationStage Impersonation, AuthorizationChain Authorization);
