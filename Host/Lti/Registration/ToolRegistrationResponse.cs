using System.Text.Json;

namespace ChatWidget.Host.Lti.Registration;

/// <summary>
/// The platform's answer to the registration: the client id it gave ChatWidget and, in its
/// <c>lti-tool-configuration</c>, the deployment it created (Moodle and Canvas name one; the spec makes it optional).
/// </summary>
public sealed record ToolRegistrationResponse(string ClientId, string? DeploymentId)
{
    /// <exception cref="DynamicRegistrationException">The answer has no client id.</exception>
    public static ToolRegistrationResponse Parse(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("client_id", out var clientId) && clientId.ValueKind == JsonValueKind.String
                && clientId.GetString() is { Length: > 0 and <= 255 } id)
            {
                string? deployment = null;
                if (root.TryGetProperty(ToolRegistrationRequest.ToolConfigurationMember, out var tool) && tool.ValueKind == JsonValueKind.Object
                    && tool.TryGetProperty("deployment_id", out var deploymentId))
                {
                    // Some platforms send the id as a number.
                    deployment = deploymentId.ValueKind switch
                    {
                        JsonValueKind.String => deploymentId.GetString(),
                        JsonValueKind.Number => deploymentId.GetRawText(),
                        _ => null,
                    };
                }

                return new ToolRegistrationResponse(id, string.IsNullOrEmpty(deployment) ? null : deployment);
            }
        }
        catch (JsonException)
        {
            // Same answer as a document without client_id.
        }

        throw new DynamicRegistrationException(
            "The platform accepted the registration but its answer has no client_id. Check the platform's LTI Dynamic Registration support, then try again with the same link.",
            "registration answer has no client_id");
    }
}
