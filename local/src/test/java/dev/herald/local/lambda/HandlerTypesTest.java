package dev.herald.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerTypesTest {
    interface Handler<I, O> {
    }

    static class Direct implements Handler<String, Integer> {
    }

    abstract static class Base<T> implements Handler<T, List<T>> {
    }

    static class ThroughBase extends Base<Long> {
    }

    static class Raw implements Handler {
    }

    static class Generic implements Handler<Map<String, Object>, Void> {
    }

    static class Unrelated {
    }

    @Test
    void typeArguments_directImplementation() {
        assertThat(HandlerTypes.typeArguments(Direct.class, Handler.class)).containsExactly(String.class, Integer.class);
    }

    @Test
    void typeArguments_boundThroughASuperclass_followsTheVariable_andKeepsTheContainerOfAnOpenOne() {
        Type[] args = HandlerTypes.typeArguments(ThroughBase.class, Handler.class);

        assertThat(args[0]).isEqualTo(Long.class);
        assertThat(args[1]).isEqualTo(List.class);
    }

    @Test
    void typeArguments_rawImplementation_isObject() {
        assertThat(HandlerTypes.typeArguments(Raw.class, Handler.class)).containsExactly(Object.class, Object.class);
    }

    @Test
    void typeArguments_parameterizedArgument_isKept() {
        Type input = HandlerTypes.typeArguments(Generic.class, Handler.class)[0];

        assertThat(input).isInstanceOfSatisfying(ParameterizedType.class, p -> assertThat(p.getRawType()).isEqualTo(Map.class));
    }

    @Test
    void typeArguments_classNotImplementingIt_isNull() {
        assertThat(HandlerTypes.typeArguments(Unrelated.class, Handler.class)).isNull();
    }
}
