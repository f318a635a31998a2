CREATE TABLE entries (id bigint PRIMARY KEY);
