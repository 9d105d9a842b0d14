/* LRU cache: a hash map of keys to nodes of a doubly linked list in recency order. */
#include <stdio.h>
#include <string.h>

#define MAX_NODES 100001
#define TABLE_BITS 18
#define TABLE_SIZE (1u << TABLE_BITS)

/* Node 0 is the list head: head.next is the most recent, head.prev the least. */
static long long node_key[MAX_NODES], node_value[MAX_NODES];
static int node_prev[MAX_NODES], node_next[MAX_NODES];
static int table[TABLE_SIZE]; /* node index, 0 for empty, -1 for deleted */
static long long table_key[TABLE_SIZE];

/* Home slot of a key. */
static unsigned hash(long long key)
{
    return (unsigned) (((unsigned long long) key * 0x9E3779B97F4A7C15ull) >> (64 - TABLE_BITS));
}

/* The table slot holding key, or -1. */
static long find(long long key)
{
    for (unsigned s = hash(key);; s = (s + 1) & (TABLE_SIZE - 1)) {
        if (table[s] == 0)
            return -1;
        if (table[s] > 0 && table_key[s] == key)
            return (long) s;
    }
}

/* Adds key -> node to the table. */
static void insert(long long key, int node)
{
    unsigned s = hash(key);
    while (table[s] > 0)
        s = (s + 1) & (TABLE_SIZE - 1);
    table[s] = node;
    table_key[s] = key;
}

/* Unlinks a node from the recency list. */
static void unlink_node(int n)
{
    node_next[node_prev[n]] = node_next[n];
    node_prev[node_next[n]] = node_prev[n];
}

/* Links a node in as the most recent. */
static void push_front(int n)
{
    node_prev[n] = 0;
    node_next[n] = node_next[0];
    node_prev[node_next[0]] = n;
    node_next[0] = n;
}

int main(void)
{
    int capacity, q, used = 0;
    if (scanf("%d %d", &capacity, &q) != 2)
        return 1;
    node_next[0] = node_prev[0] = 0;
    for (int i = 0; i < q; i++) {
        char op[4];
        long long key, value;
        if (scanf("%3s %lld", op, &key) != 2)
            return 1;
        long s = find(key);
        if (strcmp(op, "PUT") == 0) {
            if (scanf("%lld", &value) != 1)
                return 1;
            int n;
            if (s >= 0) {
                n = table[s];
                unlink_node(n);
            } else if (used < capacity) {
                n = ++used;
                insert(key, n);
            } else {
                /* Reuse the least recent node for the new key. Deleted slots
                 * slow lookups only a little at these sizes. */
                n = node_prev[0];
                unlink_node(n);
                table[find(node_key[n])] = -1;
                insert(key, n);
            }
            node_key[n] = key;
            node_value[n] = value;
            push_front(n);
        } else if (s >= 0) {
            int n = table[s];
            unlink_node(n);
            push_front(n);
            printf("%lld\n", node_value[n]);
        } else {
            printf("-1\n");
        }
    }
    return 0;
}
