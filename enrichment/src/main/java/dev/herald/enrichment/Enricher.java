package dev.herald.enrichment;

import dev.herald.common.delivery.RenderedContent;
import dev.herald.common.enrichment.EnrichmentRequest;
import dev.herald.common.enrichment.EnrichmentResponse;
import dev.herald.common.enrichment.EnrichmentResponse.Rendered;
import dev.herald.common.event.Channel;
import dev.herald.common.store.ProfileStore;
import dev.herald.common.store.ProfileStore.Profile;
import dev.herald.common.store.TemplateStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders {@link EnrichmentRequest}s, one or a batch's: loads the recipients' profiles, picks each recipient's
 * template locale (the request's locale if set, else the profile's; a user without a profile gets
 * the request's locale or {@code default}), and renders every requested channel.
 *
 * <p>Per-recipient problems (no such template or locale, a missing variable, a bad template id) are
 * answered as that recipient's {@code error} - permanent, never retried. Infrastructure faults
 * (DynamoDB unreachable or throttling past the retries) are thrown, so the router retries.
 * The answer has one entry per distinct user id, in request order.
 */
final class Enricher {
    private static final Logger LOG = LoggerFactory.getLogger(Enricher.class);

    private final ProfileStore profiles;
    private final TemplateResolver templates;
    private final TemplateRenderer renderer;

    Enricher(ProfileStore profiles, TemplateResolver templates, TemplateRenderer renderer) {
        this.profiles = profiles;
        this.templates = templates;
        this.renderer = renderer;
    }

    EnrichmentResponse enrich(EnrichmentRequest request) {
        return enrichAll(List.of(request)).get(0);
    }

    /**
     * Renders every request of a batch, reading the profiles of all their users together (one BatchGetItem per 100
     * distinct users, not one per request). Answers one response per request, in order.
     */
    List<EnrichmentResponse> enrichAll(List<EnrichmentRequest> requests) {
        Set<String> everyone = new LinkedHashSet<>();
        requests.stream().filter(r -> TemplateStore.idProblem(r.templateId()).isEmpty()).forEach(r -> everyone.addAll(r.userIds()));
        Map<String, Profile> found = everyone.isEmpty() ? Map.of() : profiles.findAll(everyone);
        return requests.stream().map(r -> enrich(r, found)).toList();
    }

    private EnrichmentResponse enrich(EnrichmentRequest request, Map<String, Profile> found) {
        List<String> users = new ArrayList<>(new LinkedHashSet<>(request.userIds()));
        List<Rendered> out = new ArrayList<>(users.size());
        Optional<String> badId = TemplateStore.idProblem(request.templateId());
        if (badId.isPresent()) {
            users.forEach(u -> out.add(failed(u, badId.get())));
            return done(request, out);
        }
        TemplateVariables variables = new TemplateVariables(request.dataObject());
        List<Channel> channels = request.channels().stream().distinct().toList();
        for (String userId : users) {
            out.add(renderOne(request, userId, found.get(userId), variables, channels));
        }
        return done(request, out);
    }

    private Rendered renderOne(EnrichmentRequest request, String userId, Profile profile, TemplateVariables variables, List<Channel> channels) {
        if (userId == null || userId.isBlank()) {
            return failed(userId, "user id is blank; the router must send non-empty user ids");
        }
        String locale = request.locale() != null && !request.locale().isBlank() ? request.locale()
                : profile != null ? profile.locale() : null;
        return switch (templates.resolve(request.templateId(), locale)) {
            case TemplateResolver.Resolution.Missing missing -> failed(userId, missing.error());
            case TemplateResolver.Resolution.Found found -> {
                try {
                    Map<Channel, RenderedContent> content = renderer.render(found.template(), channels, variables.forRecipient(userId, profile));
                    yield new Rendered(userId, found.template().locale(), content, null);
                } catch (RenderException e) {
                    yield failed(userId, e.getMessage());
                }
            }
        };
    }

    private static Rendered failed(String userId, String error) {
        return new Rendered(userId, null, Map.of(), error);
    }

    private static EnrichmentResponse done(EnrichmentRequest request, List<Rendered> out) {
        long failed = out.stream().filter(Rendered::failed).count();
        out.stream().filter(Rendered::failed).forEach(r -> LOG.warn("recipient not rendered notificationId={} userId={} error={} traceId={}",
                request.notificationId(), r.userId(), r.error(), request.traceId()));
        LOG.info("enrichment done notificationId={} templateId={} recipients={} rendered={} failed={} traceId={}",
                request.notificationId(), request.templateId(), out.size(), out.size() - failed, failed, request.traceId());
        return new EnrichmentResponse(out);
    }
}
