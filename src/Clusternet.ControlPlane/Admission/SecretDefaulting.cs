using System.Text;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Admission;

/// <summary>
/// Secret defaults: <c>stringData</c> is a write-only convenience, so its entries are encoded into <c>data</c>
/// (overwriting keys present in both) and it is dropped; <c>type</c> defaults to <c>Opaque</c>.
/// </summary>
internal sealed class SecretDefaulting : IAdmissionPlugin
{
    /// <inheritdoc />
    public bool Handles(AdmissionRequest request) =>
        AdmissionJson.Writes(request) && AdmissionJson.Is(request, string.Empty, "secrets");

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var obj = request.Object;
        if (obj["stringData"] is JsonObject stringData)
        {
            var data = AdmissionJson.Child(obj, "data");
            foreach (var (key, value) in stringData)
            {
                var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty;
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
            }
        }

        obj.Remove("stringData");
        AdmissionJson.DefaultString(obj, "type", "Opaque");
        return ValueTask.CompletedTask;
    }
}
