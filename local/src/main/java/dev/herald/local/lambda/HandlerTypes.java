package dev.herald.local.lambda;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds the type arguments a handler class gives a generic interface ({@code RequestHandler<I, O>}),
 * walking superclasses and superinterfaces and following type variables, as the Lambda Java runtime
 * does to pick the input and output serializers. An argument left open (raw implementation, or a type
 * variable the class never binds) becomes its bound's erasure, usually {@code Object}.
 */
final class HandlerTypes {
    private HandlerTypes() {
    }

    /**
     * @return the type arguments of {@code generic} as seen from {@code concrete}, or {@code null} when
     *         {@code concrete} does not implement it
     */
    static Type[] typeArguments(Class<?> concrete, Class<?> generic) {
        return find(concrete, generic, Map.of());
    }

    private static Type[] find(Type type, Class<?> generic, Map<TypeVariable<?>, Type> outer) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        if (type instanceof ParameterizedType p) {
            raw = (Class<?>) p.getRawType();
            TypeVariable<?>[] vars = raw.getTypeParameters();
            Type[] args = p.getActualTypeArguments();
            for (int i = 0; i < vars.length; i++) {
                bindings.put(vars[i], substitute(args[i], outer));
            }
        } else if (type instanceof Class<?> c) {
            raw = c;
        } else {
            return null;
        }
        if (raw == generic) {
            TypeVariable<?>[] vars = raw.getTypeParameters();
            Type[] result = new Type[vars.length];
            for (int i = 0; i < vars.length; i++) {
                result[i] = bindings.getOrDefault(vars[i], erasure(vars[i]));
            }
            return result;
        }
        for (Type parent : raw.getGenericInterfaces()) {
            Type[] found = find(parent, generic, bindings);
            if (found != null) {
                return found;
            }
        }
        Type superclass = raw.getGenericSuperclass();
        return superclass == null ? null : find(superclass, generic, bindings);
    }

    private static Type substitute(Type t, Map<TypeVariable<?>, Type> bindings) {
        if (t instanceof TypeVariable<?> v) {
            return bindings.getOrDefault(v, erasure(v));
        }
        if (t instanceof ParameterizedType p && containsVariable(p)) {
            // e.g. List<T> bound further down: the element type is lost, the container kept (Jackson reads maps)
            return p.getRawType();
        }
        return t;
    }

    private static boolean containsVariable(Type t) {
        if (t instanceof TypeVariable<?>) {
            return true;
        }
        if (t instanceof ParameterizedType p) {
            for (Type a : p.getActualTypeArguments()) {
                if (containsVariable(a)) {
                    return true;
                }
            }
        }
        return t instanceof GenericArrayType g && containsVariable(g.getGenericComponentType());
    }

    private static Type erasure(TypeVariable<?> v) {
        Type bound = v.getBounds().length == 0 ? Object.class : v.getBounds()[0];
        if (bound instanceof Class<?> c) {
            return c;
        }
        if (bound instanceof ParameterizedType p) {
            return p.getRawType();
        }
        return Object.class;
    }
}
