using System.Text.Json.Serialization;
using ChatWidget.Host.Errors;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChatWidget.Host.ApiDocs;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> (Microsoft.AspNetCore.OpenApi) and the readable reference at
/// <c>/api/reference</c>. The endpoints read their bodies themselves, so what they accept and answer is declared here.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/api/reference";
    private const string BearerScheme = "bearer";

    public static IHostApplicationBuilder AddApiDocumentation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", options =>
        {
            // Only the public API: the widget's assets, the frame and the demo pages are not an API.
            options.ShouldInclude = description => description.ActionDescriptor.EndpointMetadata.OfType<PublicApiMarker>().Any();
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "ChatWidget API",
                    Version = "v1",
                    Description = "Token exchange (launch, refresh, team password) and the OpenAI-compatible chat API. " +
                                  "Rate-limited requests get 429 with Retry-After.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An access token from POST /api/token (typ at+jwt, at most 15 minutes).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<PublicApiMarker>().FirstOrDefault() is not { } api) return;
                if (api.RequiresBearer)
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                }

                // Declared here rather than with Accepts(): that metadata would make routing answer 415 to a wrong content
                // type, where the contract wants the endpoint's own 400 in its own error shape.
                if (api.RequestType is not null)
                {
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            [api.RequestContentType!] = new() { Schema = await context.GetOrCreateSchemaAsync(api.RequestType, null, cancellationToken) },
                        },
                    };
                }
            });
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapApiDocumentation(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath);
        app.MapApiReference(ReferencePath, DocumentPath);
        return app;
    }

    /// <summary>Declares OpenAI-shaped error bodies for <paramref name="statuses"/>.</summary>
    public static RouteHandlerBuilder ProducesOpenAiErrors(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses) endpoint.Produces<OpenAiErrorDocument>(status);
        return endpoint;
    }

    /// <summary>Marks the endpoints that belong in the API document; the request body is declared here when the endpoint reads it itself.</summary>
    public sealed record PublicApiMarker(bool RequiresBearer, Type? RequestType = null, string? RequestContentType = null);

    /// <summary><c>{"error": {"message", "type", "code"}}</c>.</summary>
    public sealed record OpenAiErrorDocument([property: JsonPropertyName("error")] OpenAiError Error);
}
