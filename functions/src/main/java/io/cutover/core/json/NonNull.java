package io.cutover.core.json;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a component of a record a handler returns: never null, so the state machine may read it. {@link Json#MAPPER}
 * leaves null fields out, and a path into a field the result lacks is a {@code States.Runtime} error that no Catch
 * catches. {@code TaskHandler} refuses to write a result where such a component is null ({@link NonNullCheck}): the
 * handler fails with an error the state machine catches instead. AslContractTest requires it (or a primitive type,
 * never null) on every component the ASL reads.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface NonNull {}
