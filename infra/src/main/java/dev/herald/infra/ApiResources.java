package dev.herald.infra;

import dev.herald.common.topology.CorsPolicy;
import dev.herald.common.topology.HttpApiSpec;
import dev.herald.common.topology.Topology;
import dev.herald.common.topology.WebSocketApiSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpEventBridgeIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpEventBridgeIntegrationProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpNoneAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpRouteIntegration;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.ParameterMapping;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The WebSocket API (routes to functions, one stage, management access only for the Topology's
 * management functions) and the HTTP API (JWT authorizer; Lambda routes, {@code POST /v1/events} to the
 * ingestion function that validates before the bus; each route requires the Topology's authorization scopes,
 * {@code herald/publish} on the ingestion route, so end-user tokens cannot publish; an EVENTBRIDGE_PUT_EVENTS
 * route, which the standard Topology no longer uses, would be integrated directly with PutEvents). Both stages
 * write access logs.
 *
 * <p>A WebSocket stage writes its access logs through the account's API Gateway CloudWatch Logs role
 * (account settings, one per account and region), unlike an HTTP API stage. Unless
 * {@code herald:apiGatewayCloudWatchRole=false} (the account has that role set already), the stack
 * creates the role and sets it ({@code AWS::ApiGateway::Account}) before the stage; both are retained
 * when the stack is deleted, because other APIs of the account log through them too.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 *
 * <p>With {@code herald:allowedOrigins}, the HTTP API answers CORS preflights ({@link CorsPolicy}, the
 * policy {@code herald up} answers with).
 */
final class ApiResources {
    /**
     * PutEvents parameter to the field of the {@code POST /v1/events} body it is read from: the body
     * {@code {"source": ..., "detailType": ..., "detail": {...}}} that {@code herald up} accepts too.
     */
    static final Map<String, String> INGESTION_BODY_FIELDS = Collections.unmodifiableMap(new TreeMap<>(Map.of("Source", "source", "DetailType", "detailType", "Detail", "detail")));

    private final Construct scope;
    private final Topology topology;
    private final StackSettings settings;
    private final WebSocketApi webSocketApi;
    private final WebSocketStage webSocketStage;
    private final List<IConstruct> unauthenticatedHttpRoutes = new ArrayList<>();
    private final List<IConstruct> webSocketRoutes = new ArrayList<>();
    private HttpApi httpApi;
    private HttpStage httpStage;
    private final PhysicalNames names;
    private Role cloudWatchRole;

    ApiResources(Construct scope, Topology topology, StackSettings settings, PhysicalNames names) {
        this.scope = scope;
        this.names = names;
        this.topology = topology;
        this.settings = settings;
        WebSocketApiSpec ws = topology.webSocketApi();
        webSocketApi = WebSocketApi.Builder.create(scope, "WebSocketApi").apiName(names.of(ws.name()))
                .description("Herald live notifications (browsers)").build();
        webSocketStage = WebSocketStage.Builder.create(scope, "WebSocketStage")
                .webSocketApi(webSocketApi)
                .stageName(ws.stage())
                .autoDeploy(true)
                .accessLogSettings(accessLogs("WebSocketAccessLogs", ws.name()))
                .build();
        if (settings.apiGatewayCloudWatchRole()) {
            cloudWatchRole = Role.Builder.create(scope, "ApiGatewayCloudWatchRole")
                    .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                    .description("the account's API Gateway CloudWatch Logs role: WebSocket and REST stages write access and execution logs with it")
                    .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("service-role/AmazonAPIGatewayPushToCloudWatchLogs")))
                    .build();
            cloudWatchRole.applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
            CfnAccount account = CfnAccount.Builder.create(scope, "ApiGatewayAccount").cloudWatchRoleArn(cloudWatchRole.getRoleArn()).build();
            account.applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
            // the stage's access log settings are refused until the account names a role
            webSocketStage.getNode().addDependency(account);
        }
    }

    /** The API Gateway CloudWatch Logs role the stack created, if it created one. */
    java.util.Optional<Role> cloudWatchRole() {
        return java.util.Optional.ofNullable(cloudWatchRole);
    }

    /** https://{apiId}.execute-api.{region}.amazonaws.com/{stage}: the {@code @connections} management endpoint. */
    String managementEndpoint() {
        return webSocketStage.getCallbackUrl();
    }

    void connect(FunctionResources functions, EventBus bus) {
        WebSocketApiSpec ws = topology.webSocketApi();
        ws.routes().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(route ->
                webSocketRoutes.add(webSocketApi.addRoute(route.getKey(), WebSocketRouteOptions.builder()
                        .integration(new WebSocketLambdaIntegration(Ids.of("Ws", route.getKey()) + "Integration",
                                functions.get(route.getValue()).alias()))
                        // a two-way route: the function's response body goes back to the client (a route response)
                        .returnResponse(ws.twoWayRoutes().contains(route.getKey()))
                        .build())));
        for (String fn : ws.managementFunctions()) {
            webSocketStage.grantManagementApiAccess(functions.get(fn).function());
        }
        buildHttpApi(functions, bus);
    }

    private void buildHttpApi(FunctionResources functions, EventBus bus) {
        HttpApiSpec spec = topology.httpApi();
        var api = HttpApi.Builder.create(scope, "HttpApi").apiName(names.of(spec.name()))
                .description("Herald HTTP API: event ingestion, devices, email subscriptions, inbox")
                .createDefaultStage(false);
        CorsPolicy cors = CorsPolicy.of(spec, settings.allowedOrigins());
        if (cors.enabled()) {
            api.corsPreflight(CorsPreflightOptions.builder()
                    .allowOrigins(cors.allowOrigins())
                    .allowMethods(cors.allowMethods().stream().map(CorsHttpMethod::valueOf).toList())
                    .allowHeaders(cors.allowHeaders())
                    .maxAge(Duration.seconds(cors.maxAge().toSeconds()))
                    .build());
        }
        httpApi = api.build();
        httpStage = httpApi.addStage("HttpDefaultStage", HttpStageOptions.builder()
                .stageName("$default")
                .autoDeploy(true)
                .accessLogSettings(accessLogs("HttpAccessLogs", spec.name()))
                .build());
        IHttpRouteAuthorizer jwt = HttpJwtAuthorizer.Builder.create("JwtAuthorizer", settings.jwtIssuer())
                .jwtAudience(settings.jwtAudience())
                .authorizerName(names.of(spec.name()) + "-jwt")
                .build();
        Map<String, HttpRouteIntegration> lambdaIntegrations = new HashMap<>();
        HttpRouteIntegration putEvents = null;
        for (HttpApiSpec.HttpRoute route : spec.routes()) {
            HttpRouteIntegration integration = switch (route.integration()) {
                case LAMBDA -> {
                    String fn = route.function().orElseThrow(() -> new IllegalArgumentException(
                            "HTTP route " + route.method() + " " + route.path() + " is a Lambda route without a function"));
                    yield lambdaIntegrations.computeIfAbsent(fn,
                            name -> new HttpLambdaIntegration(Ids.of("Http", name) + "Integration", functions.get(name).alias()));
                }
                case EVENTBRIDGE_PUT_EVENTS -> {
                    if (putEvents == null) {
                        // AWS service integration, subtype EventBridge-PutEvents: the body's source, detailType and
                        // detail become the entry (the body herald up's HTTP API takes); the integration's role may
                        // only PutEvents on this bus; CDK adds EventBusName.
                        // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services-reference.html#EventBridge-PutEvents
                        ParameterMapping mapping = new ParameterMapping();
                        INGESTION_BODY_FIELDS.forEach((parameter, field) -> mapping.custom(parameter, "$request.body." + field));
                        putEvents = new HttpEventBridgeIntegration("PutEventsIntegration", HttpEventBridgeIntegrationProps.builder()
                                .eventBusRef(bus.getEventBusRef())
                                .parameterMapping(mapping)
                                .build());
                    }
                    yield putEvents;
                }
            };
            List<HttpRoute> added = httpApi.addRoutes(AddRoutesOptions.builder()
                    .path(route.path())
                    .methods(List.of(HttpMethod.valueOf(route.method())))
                    .integration(integration)
                    .authorizer(route.jwt() ? jwt : new HttpNoneAuthorizer())
                    // a token without one of these scopes is refused with 403 before the integration runs;
                    // herald up's HttpApiGateway reads the same list from the Topology
                    .authorizationScopes(route.scopes().isEmpty() ? null : route.scopes())
                    .build());
            if (!route.jwt()) {
                unauthenticatedHttpRoutes.addAll(added);
            }
        }
    }

    private IAccessLogSettings accessLogs(String id, String apiName) {
        LogGroup group = LogGroup.Builder.create(scope, id)
                .logGroupName("/" + names.prefix() + "/apigateway/" + names.of(apiName))
                .retention(Retention.days(settings.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        LogGroupLogDestination destination = new LogGroupLogDestination(group);
        return new IAccessLogSettings() {
            @Override
            public IAccessLogDestination getDestination() {
                return destination;
            }
        };
    }

    /** HTTP routes the Topology marks as not behind the JWT authorizer. */
    List<IConstruct> unauthenticatedHttpRoutes() {
        return List.copyOf(unauthenticatedHttpRoutes);
    }

    /** The WebSocket routes; API Gateway runs no authorizer on them (see NagSuppressionsForHerald). */
    List<IConstruct> webSocketRoutes() {
        return List.copyOf(webSocketRoutes);
    }

    WebSocketApi webSocketApi() {
        return webSocketApi;
    }

    WebSocketStage webSocketStage() {
        return webSocketStage;
    }

    HttpApi httpApi() {
        return httpApi;
    }

    HttpStage httpStage() {
        return httpStage;
    }
}
