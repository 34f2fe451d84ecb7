using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>
/// The <c>fieldValidation</c> query parameter: <c>Strict</c> refuses unknown fields with 400, <c>Warn</c> reports
/// them in <c>Warning</c> headers, <c>Ignore</c> (and no parameter) drops them silently. Unknown fields are known
/// for custom resources, through their structural schema; built-in kinds are not checked.
/// </summary>
internal static class FieldValidation
{
    public static void Check(ResourceRequest request, ApiServices services, JsonObject obj)
    {
        var mode = request.Query("fieldValidation");
        if (mode is not ("Strict" or "Warn") || request.Resource.DefinedBy is null)
        {
            return;
        }

        var unknown = services.SchemaAdmission.UnknownFields(request.Resource, obj);
        if (unknown.Count == 0)
        {
            return;
        }

        if (mode == "Strict")
        {
            throw ResourceErrors.BadRequest("strict decoding error: " + string.Join(", ", unknown.Select(f => $"unknown field \"{f}\"")));
        }

        foreach (var field in unknown)
        {
            request.Context.Response.Headers.Append("Warning", $"299 - \"unknown field \\\"{field}\\\"\"");
        }
    }
}
